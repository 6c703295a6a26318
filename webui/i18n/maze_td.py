"""Text of the maze SARSA / Q-learning page."""

EN = {
    "maze_td.title": "Maze · SARSA and Q-learning",
    "maze_td.intro": (
        "Instead of a policy, the agent learns an **action value** Q(s, a): how much reward "
        "to expect after taking move a in cell s. It explores with **ε-greedy** (a random move "
        "with probability ε, else the best one by Q) and after every single step moves Q(s, a) "
        "a little (η) towards a **TD target**. Train whole episodes, or press **Step** to "
        "watch one update with its numbers."
    ),
    # the rules
    "maze_td.rules_title": "The two update rules",
    "maze_td.rule_sarsa": "**SARSA** uses the action a′ it will really play next in s′:",
    "maze_td.rule_q_learning": "**Q-learning** uses the best action in s′, whatever it plays next:",
    "maze_td.on_off_policy": (
        "SARSA is **on-policy**: it learns the value of the ε-greedy policy it follows, "
        "exploration included. Q-learning is **off-policy**: it learns the value of the greedy "
        "policy while behaving ε-greedily. When s′ is the goal the target is r alone."
    ),
    # settings
    "maze_td.algo": "Algorithm",
    "maze_td.algo_sarsa": "SARSA",
    "maze_td.algo_q_learning": "Q-learning",
    "maze_td.algo_both": "Compare both",
    "maze_td.algo_help": "Compare both: SARSA and Q-learning side by side, same seed and settings.",
    "maze_td.episodes_help": "Episodes to train; Train stops there (you can raise it and resume).",
    "maze_td.seed_help": "Seeds the initial Q, the ε-greedy choices and the env: the same seed gives the same run.",
    "maze_td.eta": "Learning rate η",
    "maze_td.eta_help": "How far Q(s, a) moves towards the target per step. Above 1 each update overshoots the target; at 3 (with γ = 1 and a step penalty) Q blows up.",
    "maze_td.gamma": "Discount γ",
    "maze_td.gamma_help": "Weight of the future: the target is r + γ·(value of s′).",
    "maze_td.epsilon": "Exploration ε₀",
    "maze_td.epsilon_help": "Probability of a random move in the first episode.",
    "maze_td.schedule": "ε schedule",
    "maze_td.schedule_halve": "Halve every episode (notes)",
    "maze_td.schedule_constant": "Constant",
    "maze_td.schedule_linear": "Linear decay to 0",
    "maze_td.schedule_help": "Halve: ε₀, ε₀/2, ε₀/4 … as in the notes. Constant: ε₀ throughout. Linear: from ε₀ down to 0 over the first half of the episodes.",
    "maze_td.q_init": "Initial Q",
    "maze_td.q_init_random": "Random in [0, 1) (notes)",
    "maze_td.q_init_zeros": "Zeros",
    "maze_td.q_init_help": "Blocked moves (walls) are always “–”.",
    "maze_td.step_reward": "Reward per step",
    "maze_td.step_reward_help": "Reward for each step that does not reach the goal (the goal gives 1). A penalty favours short paths.",
    # live view
    "maze_td.step": "Step",
    "maze_td.step10": "Step ×10",
    "maze_td.step_help": "One environment step and one Q update (for every algorithm shown). Mixes freely with Train.",
    "maze_td.q_title": "Q table · {algo}",
    "maze_td.state": "state s",
    "maze_td.action": "action a",
    "maze_td.maze_caption": "{algo}: greedy move argmaxₐ Q(s, a) in every cell",
    "maze_td.maze_caption_step": "{algo}: greedy moves; the agent is now in S{cell}, Q of S{updated} was just updated",
    "maze_td.last_step": "Episode {episode:,}, step {t}: s = S{s}, a = {a}, r = {r}, s′ = S{s2}",
    "maze_td.next_action": ", a′ = {a2}",
    "maze_td.goal_reached": " — the goal: the episode ends, the target is r alone",
    "maze_td.step_hint": "Press **Step** to see one update with its numbers.",
    "maze_td.steps_title": "Steps per episode",
    "maze_td.steps_y": "steps",
    "maze_td.episode_x": "episode",
    "maze_td.optimum": "shortest path: {n} steps",
    "maze_td.verdict_optimal": "{algo}: the greedy path (the largest Q in each state) {greedy}, the shortest path.",
    "maze_td.verdict_not_optimal": "{algo}: the greedy path (the largest Q in each state) {greedy}; the shortest path takes {n}. Not learnt yet: train more episodes or change η, γ, ε.",
    "maze_td.greedy_moves": "takes {n} moves",
    "maze_td.greedy_lost": "does not reach the goal",
    "maze_td.watch_caption": "{algo}, episode {k:,}: {t} moves",
    "maze_td.td_title": "Mean |TD error| per episode",
    "maze_td.td_y": "mean |δ| (log scale)",
    "maze_td.eps_title": "ε per episode",
    "maze_td.eps_y": "ε",
    "maze_td.no_episodes": "No finished episode yet: press Train.",
    "maze_td.diverged": (
        "**Q diverged.** With η above 1 every update overshoots its target, and with γ = 1 "
        "nothing shrinks the error from step to step, so Q swings further each time until "
        "it is no longer a number. Training stopped before that value was written: the Q "
        "table and the charts show the last finite state. Lower η (≤ 1) or γ, then press Reset."
    ),
    # playback
    "maze_td.playback_title": "Play back an episode",
    "maze_td.playback_algo": "Agent",
    "maze_td.playback_episode": "Episode",
    "maze_td.playback_kept": "Kept for playback: the first {first} episodes and the last {last}.",
    "maze_td.playback_caption": "Episode {episode:,}: t = {t} of {steps}",
    "maze_td.playback_none": "Episodes appear here once trained.",
    "maze_td.return_title": "Return per episode (as played, ε-greedy)",
    "maze_td.return_y": "return",
    "maze_td.gap_value_title": "Greedy policy: exact value at the start",
    "maze_td.gap_value_y": "V^π(start)",
    "maze_td.gap_value_optimum": "optimal V*(start) = {v}",
    "maze_td.gap_path_title": "Greedy policy: steps to the goal",
    "maze_td.gap_path_y": "steps",
    "maze_td.optimal": "Show the optimal policy",
    "maze_td.optimal_help": "Green arrows: an optimal policy, from value iteration on the same environment and γ (ties drawn both ways).",
    "maze_td.optimal_caption": "Green: an optimal policy (value iteration).",
    "maze_td.cliff_example": "Example: Cliff Walking",
    "maze_td.cliff_example_help": "SARSA and Q-learning side by side on CliffWalking, ε = 0.1 constant, η (α) = 0.5, γ = 1, Q = 0 at first, 500 episodes (Sutton & Barto, Example 6.6).",
    "maze_td.cliff_what_to_see": (
        "**What to see on the cliff.** Q-learning learns the optimal path, right along the cliff's "
        "edge (13 steps), but while it explores with ε = 0.1 it often falls off: its return per "
        "episode, as played, is lower. SARSA learns the value of the ε-greedy policy it follows, "
        "so it takes the safer path further from the edge, longer but with a higher return while "
        "exploring. Compare the return curves, and the greedy paths with the optimal policy shown."
    ),
    "maze_td.verdict_value_optimal": "{algo}: the greedy policy's exact value at the start is {value}, the optimum V* = {best}.",
    "maze_td.verdict_value_not_optimal": "{algo}: the greedy policy's exact value at the start is {value}; the optimum is V* = {best}. Not optimal yet: train more episodes or change η, γ, ε.",
}

ZH = {
    "maze_td.title": "迷宫 · SARSA 与 Q 学习",
    "maze_td.intro": (
        "智能体不再直接学习策略，而是学习**动作价值** Q(s, a)：在格子 s 采取动作 a 之后预期能得到多少奖励。"
        "它用 **ε-贪心** 探索（以概率 ε 随机移动，否则按 Q 选最好的动作），每走一步就把 Q(s, a) "
        "朝 **TD 目标**移动一小步（η）。可以整回合训练，也可以点击**单步**观察一次更新及其数值。"
    ),
    "maze_td.rules_title": "两条更新规则",
    "maze_td.rule_sarsa": "**SARSA** 使用它在 s′ 中真正要执行的下一个动作 a′：",
    "maze_td.rule_q_learning": "**Q 学习**使用 s′ 中最好的动作，而不管接下来实际执行什么：",
    "maze_td.on_off_policy": (
        "SARSA 是**同策略**（on-policy）：它学习的是自己所遵循的 ε-贪心策略（包括探索）的价值。"
        "Q 学习是**异策略**（off-policy）：它按 ε-贪心行动，却学习贪心策略的价值。"
        "当 s′ 是终点时，目标就只是 r。"
    ),
    "maze_td.algo": "算法",
    "maze_td.algo_sarsa": "SARSA",
    "maze_td.algo_q_learning": "Q 学习",
    "maze_td.algo_both": "两者对比",
    "maze_td.algo_help": "两者对比：SARSA 与 Q 学习并排运行，使用相同的种子和设置。",
    "maze_td.episodes_help": "训练的回合数；训练到此为止（可以调大后继续）。",
    "maze_td.seed_help": "决定初始 Q、ε-贪心的随机选择和环境：相同的种子得到相同的训练过程。",
    "maze_td.eta": "学习率 η",
    "maze_td.eta_help": "每一步 Q(s, a) 朝目标移动多远。大于 1 时每次更新都会越过目标；取 3（并且 γ = 1、每步有惩罚）时 Q 会发散。",
    "maze_td.gamma": "折扣率 γ",
    "maze_td.gamma_help": "未来的权重：目标是 r + γ·(s′ 的价值)。",
    "maze_td.epsilon": "探索率 ε₀",
    "maze_td.epsilon_help": "第一个回合中随机移动的概率。",
    "maze_td.schedule": "ε 的变化方式",
    "maze_td.schedule_halve": "每回合减半（讲义）",
    "maze_td.schedule_constant": "保持不变",
    "maze_td.schedule_linear": "线性递减到 0",
    "maze_td.schedule_help": "减半：ε₀, ε₀/2, ε₀/4 …（与讲义相同）。不变：始终为 ε₀。线性：在前一半回合中从 ε₀ 线性降到 0。",
    "maze_td.q_init": "Q 的初始值",
    "maze_td.q_init_random": "[0, 1) 内随机（讲义）",
    "maze_td.q_init_zeros": "全为 0",
    "maze_td.q_init_help": "被墙挡住的动作始终显示为“–”。",
    "maze_td.step_reward": "每步奖励",
    "maze_td.step_reward_help": "每一步未到达终点时的奖励（到达终点得 1）。负的奖励会鼓励走短路。",
    "maze_td.step": "单步",
    "maze_td.step10": "单步 ×10",
    "maze_td.step_help": "执行一步环境交互并更新一次 Q（显示的每个算法各一步）。可以与“训练”随意交替。",
    "maze_td.q_title": "Q 表 · {algo}",
    "maze_td.state": "状态 s",
    "maze_td.action": "动作 a",
    "maze_td.maze_caption": "{algo}：每个格子中的贪心动作 argmaxₐ Q(s, a)",
    "maze_td.maze_caption_step": "{algo}：贪心动作；智能体现在位于 S{cell}，S{updated} 的 Q 刚被更新",
    "maze_td.last_step": "第 {episode:,} 回合第 {t} 步：s = S{s}，a = {a}，r = {r}，s′ = S{s2}",
    "maze_td.next_action": "，a′ = {a2}",
    "maze_td.goal_reached": " —— 到达终点：回合结束，目标只是 r",
    "maze_td.step_hint": "点击**单步**查看一次更新及其数值。",
    "maze_td.steps_title": "每回合步数",
    "maze_td.steps_y": "步数",
    "maze_td.episode_x": "回合",
    "maze_td.optimum": "最短路径：{n} 步",
    "maze_td.verdict_optimal": "{algo}：贪心路径（每个状态取最大的 Q）{greedy}，即最短路径。",
    "maze_td.verdict_not_optimal": "{algo}：贪心路径（每个状态取最大的 Q）{greedy}，而最短路径是 {n} 步。还没学会：请多训练一些回合，或调整 η、γ、ε。",
    "maze_td.greedy_moves": "需要 {n} 步",
    "maze_td.greedy_lost": "到不了终点",
    "maze_td.watch_caption": "{algo}，第 {k:,} 回合：{t} 步",
    "maze_td.td_title": "每回合平均 |TD 误差|",
    "maze_td.td_y": "平均 |δ|（对数坐标）",
    "maze_td.eps_title": "每回合的 ε",
    "maze_td.eps_y": "ε",
    "maze_td.no_episodes": "还没有完成的回合：请点击“训练”。",
    "maze_td.diverged": (
        "**Q 发散了。** η 大于 1 时每次更新都会越过目标，而 γ = 1 时误差在步与步之间不会缩小，"
        "于是 Q 的摆动越来越大，直到不再是一个数。训练在写入这个值之前就停止了："
        "Q 表和图表显示的是最后的有限值。请把 η 调到 1 以下或减小 γ，然后点击“重置”。"
    ),
    "maze_td.playback_title": "回放一个回合",
    "maze_td.playback_algo": "智能体",
    "maze_td.playback_episode": "回合",
    "maze_td.playback_kept": "保留用于回放的回合：前 {first} 个和最近的 {last} 个。",
    "maze_td.playback_caption": "第 {episode:,} 回合：t = {t} / {steps}",
    "maze_td.playback_none": "训练后，回合会出现在这里。",
    "maze_td.return_title": "每回合回报（实际执行的 ε-贪心策略）",
    "maze_td.return_y": "回报",
    "maze_td.gap_value_title": "贪心策略：起点的精确价值",
    "maze_td.gap_value_y": "V^π(起点)",
    "maze_td.gap_value_optimum": "最优 V*(起点) = {v}",
    "maze_td.gap_path_title": "贪心策略：到终点的步数",
    "maze_td.gap_path_y": "步数",
    "maze_td.optimal": "显示最优策略",
    "maze_td.optimal_help": "绿色箭头：在同一环境、同一 γ 下用价值迭代求出的最优策略（并列时画出全部方向）。",
    "maze_td.optimal_caption": "绿色：最优策略（价值迭代）。",
    "maze_td.cliff_example": "示例：悬崖行走",
    "maze_td.cliff_example_help": "在悬崖行走上并排比较 SARSA 与 Q 学习：ε = 0.1 不变，η（α）= 0.5，γ = 1，Q 初值为 0，500 个回合（Sutton & Barto 例 6.6）。",
    "maze_td.cliff_what_to_see": (
        "**在悬崖上看什么。** Q 学习学到的是最优路径，紧贴悬崖边（13 步），但它以 ε = 0.1 探索时常常掉下悬崖："
        "实际执行时每回合的回报更低。SARSA 学的是它自己所执行的 ε-贪心策略的价值，所以走离悬崖更远的安全路径，"
        "路更长，但探索时回报更高。请比较回报曲线，并打开最优策略对照贪心路径。"
    ),
    "maze_td.verdict_value_optimal": "{algo}：贪心策略在起点的精确价值为 {value}，即最优值 V* = {best}。",
    "maze_td.verdict_value_not_optimal": "{algo}：贪心策略在起点的精确价值为 {value}，而最优值 V* = {best}。尚未达到最优：请多训练一些回合，或调整 η、γ、ε。",
}
