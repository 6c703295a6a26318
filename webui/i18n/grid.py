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
}
