"""Text about hand-drawn grids shared by the pages that open them: why a grid is refused.

One message per :class:`playground.envs.GridError` code (``grid.error_<code>``).
"""

EN = {
    "grid.error": "This grid cannot be used: {why} The previous grid is kept.",
    "grid.error_size": "a grid has {low} to {high} rows and columns.",
    "grid.error_cells": "its cells do not fit its size or use an unknown letter.",
    "grid.error_start": "it needs exactly one start, and it has {count}.",
    "grid.error_unreachable": "no goal can be reached from the start.",
    "grid.error_walls": "a wall stands between cells that are not neighbours.",
    "grid.error_reward": "rewards must be numbers between −{limit:g} and {limit:g}.",
    "grid.error_code": "the grid code is damaged — was it cut short when copied?",
    "grid.error_json": "the file is not a complete grid file (JSON from this page).",
    "grid.error_too_long": "it is longer than {limit} characters, far more than any grid.",
    "grid.code": "Grid code",
    "grid.code_help": "The code of a grid made in the grid editor (it is also in that page's share link).",
    "grid.env": "Environment",
    "grid.env_example_4_1": "Sutton & Barto, Example 4.1 (4×4, −1 per step)",
    "grid.env_frozen_lake_4x4": "FrozenLake 4×4",
    "grid.env_frozen_lake_8x8": "FrozenLake 8×8",
    "grid.env_frozen_lake_random": "FrozenLake, a random map",
    "grid.env_cliff_walking": "CliffWalking (4×12)",
    "grid.env_custom": "A grid of your own (its code)",
    "grid.slippery": "Slippery ice",
    "grid.slippery_help": "FrozenLake only: a move goes where intended with probability 1/3, and 1/3 to each side.",
    "grid.map_size": "Map size",
    "grid.map_size_help": "Rows and columns of the random FrozenLake map (Gymnasium's generate_random_map).",
    "grid.map_seed": "Map seed",
    "grid.map_seed_help": "The seed of the random map: the same seed draws the same map.",
    "grid.use_editor": "Use the grid from the editor",
    "grid.use_editor_help": "The grid you drew on the grid editor page in this session.",
    "grid.slip_title": "Slippery moves",
    "grid.slip_explain": (
        "**Slippery ice.** A move goes where the agent intends with probability 1/3 and slips "
        "at a right angle, to either side, with 1/3 each; a slip into the border or a wall "
        "leaves it where it is. The same action can therefore end in different cells: "
        "pick a cell and a move to see where it may lead."
    ),
    "grid.slip_cell": "Cell",
    "grid.slip_action": "Move",
    "grid.slip_caption": "Where {a} from S{cell} may lead: {outcomes}.",
    "grid.slip_outcome": "S{s} with probability {p}",
    "grid.slip_chart": "P(s′ | S{cell}, {a})",
    "grid.slip_next": "next cell s′",
    "grid.slip_prob": "probability",
}

ZH = {
    "grid.error": "无法使用这个网格：{why} 已保留原来的网格。",
    "grid.error_size": "网格的行数和列数都须在 {low} 到 {high} 之间。",
    "grid.error_cells": "格子数与尺寸不符，或含有未知的字母。",
    "grid.error_start": "必须恰好有一个起点，现在有 {count} 个。",
    "grid.error_unreachable": "从起点无法到达任何终点。",
    "grid.error_walls": "有一堵墙立在两个不相邻的格子之间。",
    "grid.error_reward": "奖励必须是 −{limit:g} 到 {limit:g} 之间的数。",
    "grid.error_code": "网格代码已损坏——复制时是否漏掉了一部分？",
    "grid.error_json": "这个文件不是完整的网格文件（本页面导出的 JSON）。",
    "grid.error_too_long": "长度超过 {limit} 个字符，远超任何网格的大小。",
    "grid.code": "网格代码",
    "grid.code_help": "在网格编辑器中制作的网格的代码（也包含在该页面的分享链接里）。",
    "grid.env": "环境",
    "grid.env_example_4_1": "Sutton & Barto 例 4.1（4×4，每步 −1）",
    "grid.env_frozen_lake_4x4": "冰湖 FrozenLake 4×4",
    "grid.env_frozen_lake_8x8": "冰湖 FrozenLake 8×8",
    "grid.env_frozen_lake_random": "冰湖 FrozenLake（随机地图）",
    "grid.env_cliff_walking": "悬崖行走 CliffWalking（4×12）",
    "grid.env_custom": "自己的网格（输入代码）",
    "grid.slippery": "冰面打滑",
    "grid.slippery_help": "仅用于冰湖：以 1/3 的概率按预期方向移动，另各以 1/3 的概率滑向两侧。",
    "grid.map_size": "地图大小",
    "grid.map_size_help": "随机冰湖地图的行数和列数（Gymnasium 的 generate_random_map）。",
    "grid.map_seed": "地图种子",
    "grid.map_seed_help": "随机地图的种子：同一个种子生成同一张地图。",
    "grid.use_editor": "使用网格编辑器中的网格",
    "grid.use_editor_help": "本次会话中在网格编辑器页面画的网格。",
    "grid.slip_title": "打滑的移动",
    "grid.slip_explain": (
        "**冰面打滑。** 智能体以 1/3 的概率走向想去的方向，并各以 1/3 的概率滑向与之垂直的两侧；"
        "滑向边界或墙则留在原地。因此同一个动作可能到达不同的格子：选一个格子和一个动作，看看它可能通向哪里。"
    ),
    "grid.slip_cell": "格子",
    "grid.slip_action": "动作",
    "grid.slip_caption": "从 S{cell} 选择 {a} 可能到达：{outcomes}。",
    "grid.slip_outcome": "S{s}（概率 {p}）",
    "grid.slip_chart": "P(s′ | S{cell}, {a})",
    "grid.slip_next": "下一个格子 s′",
    "grid.slip_prob": "概率",
}
