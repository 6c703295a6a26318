"""Text of the environment-basics page (the agent–environment loop)."""

EN = {
    "basics.title": "Environment basics",
    "basics.intro": (
        "Reinforcement learning is a loop. The **agent** looks at the **state** (the "
        "*observation*), picks an **action**; the **environment** answers with the next "
        "observation and a **reward**. In Gymnasium that is two calls: "
        "`env.reset()` starts an episode, `env.step(action)` takes one step. "
        "Press the arrows to be the agent yourself, or let a random agent play."
    ),
    "basics.env": "Environment",
    "basics.env_maze": "Maze",
    "basics.env_cartpole": "CartPole-v1",
    "basics.layout": "Maze layout",
    "basics.seed_help": "Seed of env.reset(seed=…) and of the random agent: the same seed gives the same episode.",
    "basics.random_steps": "Random agent: steps per click",
    "basics.random_steps_help": "How many steps the random agent takes when you press its button (it stops early when the episode ends).",
    "basics.env_failed": "Could not run the environment",
    "basics.frame_caption": "t = {t}, return so far = {ret}",
    "basics.controls": "Act",
    "basics.action_maze_0": "Action 0: up",
    "basics.action_maze_1": "Action 1: right",
    "basics.action_maze_2": "Action 2: down",
    "basics.action_maze_3": "Action 3: left",
    "basics.action_cartpole_0": "Action 0: push the cart left",
    "basics.action_cartpole_1": "Action 1: push the cart right",
    "basics.run_random": "Random agent: {n} steps",
    "basics.episode_over_terminated": "The episode has ended (terminated). Press Reset to start a new one.",
    "basics.episode_over_truncated": "The episode was cut off at the step limit (truncated). Press Reset to start a new one.",
    "basics.last_step": "Last call and what it returned",
    "basics.share_note": "Steps taken here (by hand or at random) are not in the link: it opens a fresh episode with these settings.",
    "basics.explain_title": "What do reset and step return?",
    "basics.explain_maze": (
        "- `observation, info = env.reset(seed=…)` puts the agent on the start cell S0. "
        "The observation is the number of the cell, S0 … S8 on the 3×3 maze.\n"
        "- `env.step(action)` returns the **5-tuple** "
        "`(observation, reward, terminated, truncated, info)`.\n"
        "- Actions: 0 up, 1 right, 2 down, 3 left. A move into a red wall or off the grid "
        "leaves the agent where it is.\n"
        "- The **reward** is 1 for the step that reaches the goal, 0 otherwise.\n"
        "- **terminated** becomes true at the goal; **truncated** becomes true when the step "
        "limit (500) is reached first.\n"
        '- `info["action_mask"]` marks with 1 the moves that the walls allow from the new cell.'
    ),
    "basics.explain_cartpole": (
        "- `observation, info = env.reset(seed=…)` puts the pole almost upright. The "
        "observation has four numbers: cart position x, cart velocity ẋ, pole angle θ (rad) "
        "and angular velocity θ̇.\n"
        "- `env.step(action)` returns the **5-tuple** "
        "`(observation, reward, terminated, truncated, info)`.\n"
        "- Actions: 0 pushes the cart left, 1 pushes it right.\n"
        "- The **reward** is +1 for every step the pole stays up.\n"
        "- **terminated** becomes true when the pole leans more than 12° or the cart leaves "
        "the track (|x| > 2.4); **truncated** becomes true after 500 steps.\n"
        "- `info` is empty for CartPole."
    ),
    "basics.table_title": "Every step of this episode",
    "basics.col_observation": "observation",
    "basics.col_action": "action",
    "basics.col_reward": "reward",
    "basics.replay_title": "Replay the episode",
    "basics.replay_caption": "t = {t}",
}

ZH = {
    "basics.title": "环境基础",
    "basics.intro": (
        "强化学习是一个循环：**智能体**观察当前**状态**（即*观测*），选择一个**动作**；"
        "**环境**随之给出下一个观测和一个**奖励**。在 Gymnasium 中这对应两个调用："
        "`env.reset()` 开始一个回合，`env.step(action)` 执行一步。"
        "你可以点击方向按钮亲自充当智能体，也可以让随机智能体来玩。"
    ),
    "basics.env": "环境",
    "basics.env_maze": "迷宫",
    "basics.env_cartpole": "CartPole-v1",
    "basics.layout": "迷宫布局",
    "basics.seed_help": "用于 env.reset(seed=…) 和随机智能体：相同的种子得到相同的回合。",
    "basics.random_steps": "随机智能体：每次点击的步数",
    "basics.random_steps_help": "点击随机智能体按钮时执行的步数（回合结束时会提前停止）。",
    "basics.env_failed": "无法运行该环境",
    "basics.frame_caption": "t = {t}，目前的回报 = {ret}",
    "basics.controls": "执行动作",
    "basics.action_maze_0": "动作 0：向上",
    "basics.action_maze_1": "动作 1：向右",
    "basics.action_maze_2": "动作 2：向下",
    "basics.action_maze_3": "动作 3：向左",
    "basics.action_cartpole_0": "动作 0：向左推小车",
    "basics.action_cartpole_1": "动作 1：向右推小车",
    "basics.run_random": "随机智能体：执行 {n} 步",
    "basics.episode_over_terminated": "本回合已结束（terminated）。点击“重置”开始新的回合。",
    "basics.episode_over_truncated": "本回合因达到步数上限而被截断（truncated）。点击“重置”开始新的回合。",
    "basics.last_step": "最近一次调用及其返回值",
    "basics.share_note": "链接中不包含在这里走过的步骤（手动或随机）：打开后是使用这些设置的新回合。",
    "basics.explain_title": "reset 和 step 返回什么？",
    "basics.explain_maze": (
        "- `observation, info = env.reset(seed=…)` 把智能体放到起点 S0。"
        "观测就是所在格子的编号，在 3×3 迷宫中为 S0 … S8。\n"
        "- `env.step(action)` 返回**五元组** "
        "`(observation, reward, terminated, truncated, info)`。\n"
        "- 动作：0 向上，1 向右，2 向下，3 向左。撞上红色墙壁或走出边界时，智能体原地不动。\n"
        "- 到达终点的那一步**奖励**为 1，其余为 0。\n"
        "- 到达终点时 **terminated** 为真；若先达到步数上限（500 步），**truncated** 为真。\n"
        '- `info["action_mask"]` 用 1 标出在新格子中墙壁允许的动作。'
    ),
    "basics.explain_cartpole": (
        "- `observation, info = env.reset(seed=…)` 让杆子几乎竖直地开始。"
        "观测由四个数组成：小车位置 x、小车速度 ẋ、杆子角度 θ（弧度）和角速度 θ̇。\n"
        "- `env.step(action)` 返回**五元组** "
        "`(observation, reward, terminated, truncated, info)`。\n"
        "- 动作：0 向左推小车，1 向右推小车。\n"
        "- 杆子每保持竖立一步，**奖励**为 +1。\n"
        "- 杆子倾斜超过 12° 或小车驶出轨道（|x| > 2.4）时 **terminated** 为真；"
        "坚持满 500 步时 **truncated** 为真。\n"
        "- CartPole 的 `info` 为空。"
    ),
    "basics.table_title": "本回合的每一步",
    "basics.col_observation": "观测",
    "basics.col_action": "动作",
    "basics.col_reward": "奖励",
    "basics.replay_title": "回放本回合",
    "basics.replay_caption": "t = {t}",
}
