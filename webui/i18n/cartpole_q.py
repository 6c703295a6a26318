"""Text of the CartPole · Q-table page (discretised tabular Q-learning)."""

EN = {
    "cartpole_q.title": "CartPole · Q-table",
    "cartpole_q.intro": (
        "CartPole's observation is four real numbers: cart position x, cart velocity ẋ, pole "
        "angle θ and pole angular velocity θ̇. A Q-table needs a finite list of states, so each "
        "number is clipped to a range and cut into **bins**; the four bin indices together name "
        "one cell of the table. Then it is the same Q-learning as on the maze."
    ),
    "cartpole_q.how_title": "How the bins and the update work",
    "cartpole_q.how_body": (
        "Each dimension i is cut into equal bins between its clip values; values beyond the "
        "range fall into the end bins (`np.digitize` on the interior edges). With dᵢ the bin "
        "of dimension i, the state number is:"
    ),
    "cartpole_q.how_update": (
        "After every step the table is updated with the Q-learning rule (γ is in the update; "
        "the notes' code left it out and typed 0.09 for 0.99):"
    ),
    # settings
    "cartpole_q.env": "Environment",
    "cartpole_q.env_help": "CartPole-v1 ends after 500 steps and counts as solved at 475; CartPole-v0 (the notes' version) ends after 200 and is solved at 195.",
    "cartpole_q.env_CartPole-v1": "CartPole-v1 (500 steps)",
    "cartpole_q.env_CartPole-v0": "CartPole-v0 (200 steps)",
    "cartpole_q.bins": "Bins per dimension",
    "cartpole_q.bins_help": "Each of the four dimensions is cut into this many bins, so the table has bins⁴ states (6 bins: 1,296).",
    "cartpole_q.eta": "Learning rate η",
    "cartpole_q.gamma": "Discount γ",
    "cartpole_q.eps_schedule": "ε schedule",
    "cartpole_q.eps_schedule_help": "How much the agent explores: with probability ε it pushes at random, otherwise it takes the action with the larger Q.",
    "cartpole_q.eps_inverse": "ε₀ / (episode + 1) (notes)",
    "cartpole_q.eps_linear": "linear decay",
    "cartpole_q.eps_constant": "constant",
    "cartpole_q.epsilon": "ε₀",
    "cartpole_q.epsilon_help": "The notes use 0.5/(episode + 1): ε₀ is the 0.5. For the linear schedule it is the start value, for the constant one the value.",
    "cartpole_q.eps_end": "ε at the end of the decay",
    "cartpole_q.eps_decay": "Episodes of the decay",
    "cartpole_q.episodes_help": "Training stops after this many episodes (raise it to continue a finished run).",
    "cartpole_q.seed_help": "Seeds the agent's random choices and the start states: the same seed and settings give the same run.",
    "cartpole_q.shaping": "Reward shaping (notes)",
    "cartpole_q.shaping_help": "On: −1 when the pole falls, +1 when the episode reaches the step limit, 0 otherwise. Off: CartPole's own +1 on every step.",
    "cartpole_q.shaping_why": (
        "Why shaping helps: with CartPole's own +1 per step a fall looks like any other step, "
        "the +1s simply stop, so a table that starts at zero learns slowly which states lead "
        "there; the shaped −1 lands on the fall itself and marks the states just before it bad "
        "at once."
    ),
    "cartpole_q.eval_every": "Greedy evaluation every N episodes",
    "cartpole_q.eval_every_help": "Every N episodes the current table plays 5 episodes from fixed start states without exploring (ε = 0); the chart shows their mean length.",
    "cartpole_q.advanced": "Advanced: clip ranges and bins per dimension",
    "cartpole_q.advanced_help": (
        "Each dimension is clipped to ±range before it is binned (the notes: ±2.4, ±3, "
        "±0.418 rad, ±2). A bin count set here overrides the slider above for that "
        "dimension; 1 bin ignores the dimension."
    ),
    "cartpole_q.clip": "±range of {name} ({unit})",
    "cartpole_q.dim_bins": "Bins of {name}",
    "cartpole_q.same_bins": "same as the slider ({n})",
    "cartpole_q.q_init": "Initial Q",
    "cartpole_q.q_init_zeros": "zeros",
    "cartpole_q.q_init_random": "random U[0, 1) (notes)",
    "cartpole_q.view": "Q-table view",
    "cartpole_q.xdim": "Horizontal axis",
    "cartpole_q.ydim": "Vertical axis",
    "cartpole_q.others": "The other two dimensions",
    "cartpole_q.others_mean": "averaged over visited bins",
    "cartpole_q.others_fixed": "fixed at a bin",
    "cartpole_q.fix": "{name} bin",
    "cartpole_q.same_dims": "Pick two different dimensions; showing {x} × {y}.",
    # dimensions
    "cartpole_q.dim_x": "cart position x",
    "cartpole_q.dim_x_dot": "cart velocity ẋ",
    "cartpole_q.dim_theta": "pole angle θ",
    "cartpole_q.dim_theta_dot": "pole angular velocity θ̇",
    "cartpole_q.unit_x": "m",
    "cartpole_q.unit_x_dot": "m/s",
    "cartpole_q.unit_theta": "rad",
    "cartpole_q.unit_theta_dot": "rad/s",
    # live view
    "cartpole_q.metric_episodes": "Episodes",
    "cartpole_q.metric_solved": "Solved at episode",
    "cartpole_q.metric_solved_help": "First episode that completes {run} episodes in a row of at least {length} steps.",
    "cartpole_q.not_yet": "not yet",
    "cartpole_q.watch_caption": "Episode {k:,}: {t} steps, played while training goes on",
    "cartpole_q.metric_states": "States visited of {total}",
    "cartpole_q.metric_states_help": "Bin-states the agent has acted in, out of the table's {n} cells.",
    "cartpole_q.metric_epsilon": "ε now",
    "cartpole_q.metric_greedy": "Greedy mean length",
    "cartpole_q.chart_title": "Episode length",
    "cartpole_q.chart_x": "episode",
    "cartpole_q.chart_y": "steps",
    "cartpole_q.series_length": "length",
    "cartpole_q.series_mean": "mean of {n}",
    "cartpole_q.series_greedy": "greedy (ε = 0, 5 fixed starts)",
    "cartpole_q.solved_line": "solved ({n})",
    "cartpole_q.q_title": "The Q-table over {x} × {y}",
    "cartpole_q.q_caption_mean": "Each cell averages the table over the bins of {others} that the agent visited. Blank cells: never visited.",
    "cartpole_q.q_caption_fixed": "Cells at {fixed}. Blank cells: never visited.",
    "cartpole_q.greedy_title": "Greedy action",
    "cartpole_q.maxq_title": "max Q",
    "cartpole_q.visits_title": "Visits",
    "cartpole_q.left": "← left",
    "cartpole_q.right": "→ right",
    "cartpole_q.tie": "tie",
    "cartpole_q.visits_bar_title": "Visits per bin of each dimension",
    "cartpole_q.visits_bar_y": "visits",
    "cartpole_q.not_trained": "Press Train: the chart, the Q-table and the episodes appear here as the agent learns.",
    "cartpole_q.diverged": "the Q-table holds NaN or infinite values (η, γ or the rewards made it diverge); press Reset and try a smaller η or γ < 1",
    # playback
    "cartpole_q.playback_title": "Playback",
    "cartpole_q.replay": "Episode",
    "cartpole_q.replay_latest": "latest",
    "cartpole_q.replay_best": "best (longest)",
    "cartpole_q.replay_info": "Episode {episode:,}: {length} steps, return {ret}.",
    "cartpole_q.replay_note": "Q values under the frame are from the table as it is now, not as it was during that episode.",
    "cartpole_q.frame_caption": "t = {t} · bins (x, ẋ, θ, θ̇) = {bins} · s = {s} · Q(s, ←) = {q_left}, Q(s, →) = {q_right} → greedy {greedy}",
    "cartpole_q.replay_failed": "Could not replay the episode",
    "cartpole_q.build_failed": "Could not build the run",
    "cartpole_q.label_bins": "bins of {sym}",
    "cartpole_q.states_line": "**States visited: {k} of {total} = {n}**",
    "cartpole_q.visits_caption": "How often the agent acted in each cell (colour on a log scale). A good table is only needed where the agent goes: most of the {total} cells are never reached.",
    "cartpole_q.label_range": "range of {sym}",
}

ZH = {
    "cartpole_q.title": "CartPole · Q 表",
    "cartpole_q.intro": (
        "CartPole 的观测是四个实数：小车位置 x、小车速度 ẋ、杆的角度 θ 和杆的角速度 θ̇。"
        "Q 表需要有限个状态，所以把每个数截断到一个范围内，再切成若干**区间（bin）**；"
        "四个区间编号合起来就对应表中的一格。之后就和迷宫上的 Q 学习完全一样。"
    ),
    "cartpole_q.how_title": "区间划分与更新规则",
    "cartpole_q.how_body": (
        "第 i 维在截断范围内被等分成若干区间，超出范围的值落入两端的区间（对内部分界点使用 "
        "`np.digitize`）。记 dᵢ 为第 i 维所在区间，状态编号为："
    ),
    "cartpole_q.how_update": (
        "每走一步都用 Q 学习规则更新 Q 表（γ 包含在更新中；讲义代码漏掉了它，并把 0.99 误写成 0.09）："
    ),
    "cartpole_q.env": "环境",
    "cartpole_q.env_help": "CartPole-v1 最多 500 步，达到 475 步算解决；CartPole-v0（讲义使用的版本）最多 200 步，达到 195 步算解决。",
    "cartpole_q.env_CartPole-v1": "CartPole-v1（500 步）",
    "cartpole_q.env_CartPole-v0": "CartPole-v0（200 步）",
    "cartpole_q.bins": "每维区间数",
    "cartpole_q.bins_help": "四个维度各切成这么多个区间，Q 表共有 区间数⁴ 个状态（6 个区间：1,296）。",
    "cartpole_q.eta": "学习率 η",
    "cartpole_q.gamma": "折扣率 γ",
    "cartpole_q.eps_schedule": "ε 调度",
    "cartpole_q.eps_schedule_help": "智能体探索的程度：以概率 ε 随机推车，否则选 Q 值较大的动作。",
    "cartpole_q.eps_inverse": "ε₀ / (回合 + 1)（讲义）",
    "cartpole_q.eps_linear": "线性衰减",
    "cartpole_q.eps_constant": "常数",
    "cartpole_q.epsilon": "ε₀",
    "cartpole_q.epsilon_help": "讲义使用 0.5/(回合 + 1)，ε₀ 就是其中的 0.5。线性调度时为初始值，常数调度时为该常数。",
    "cartpole_q.eps_end": "衰减结束时的 ε",
    "cartpole_q.eps_decay": "衰减回合数",
    "cartpole_q.episodes_help": "训练到这么多回合后停止（调大即可继续已完成的训练）。",
    "cartpole_q.seed_help": "决定智能体的随机选择和初始状态：相同的种子和设置得到相同的训练过程。",
    "cartpole_q.shaping": "奖励塑形（讲义）",
    "cartpole_q.shaping_help": "开启：杆倒下时 −1，坚持到步数上限时 +1，其余为 0。关闭：CartPole 自带的每步 +1。",
    "cartpole_q.shaping_why": (
        "为什么塑形有用：用 CartPole 自带的每步 +1，倒下那一步和其他步没有区别，只是 +1 不再出现，"
        "从零开始的 Q 表很难学到哪些状态会导致倒下；塑形后的 −1 正好落在倒下的那一步，"
        "倒下之前的状态立刻被标记为不好。"
    ),
    "cartpole_q.eval_every": "每 N 回合做一次贪心评估",
    "cartpole_q.eval_every_help": "每隔 N 回合，用当前的 Q 表从固定的初始状态不加探索（ε = 0）地玩 5 个回合；图中画出它们的平均长度。",
    "cartpole_q.advanced": "高级：各维的截断范围与区间数",
    "cartpole_q.advanced_help": (
        "每一维先截断到 ±范围 再划分区间（讲义：±2.4、±3、±0.418 rad、±2）。"
        "这里设置的区间数会覆盖上面滑块对该维的设置；1 个区间表示忽略这一维。"
    ),
    "cartpole_q.clip": "{name} 的 ±范围（{unit}）",
    "cartpole_q.dim_bins": "{name} 的区间数",
    "cartpole_q.same_bins": "与滑块相同（{n}）",
    "cartpole_q.q_init": "Q 的初始值",
    "cartpole_q.q_init_zeros": "全零",
    "cartpole_q.q_init_random": "随机 U[0, 1)（讲义）",
    "cartpole_q.view": "Q 表视图",
    "cartpole_q.xdim": "横轴",
    "cartpole_q.ydim": "纵轴",
    "cartpole_q.others": "另外两个维度",
    "cartpole_q.others_mean": "对访问过的区间取平均",
    "cartpole_q.others_fixed": "固定在某个区间",
    "cartpole_q.fix": "{name} 的区间",
    "cartpole_q.same_dims": "请选择两个不同的维度；当前显示 {x} × {y}。",
    "cartpole_q.dim_x": "小车位置 x",
    "cartpole_q.dim_x_dot": "小车速度 ẋ",
    "cartpole_q.dim_theta": "杆角度 θ",
    "cartpole_q.dim_theta_dot": "杆角速度 θ̇",
    "cartpole_q.unit_x": "米",
    "cartpole_q.unit_x_dot": "米/秒",
    "cartpole_q.unit_theta": "弧度",
    "cartpole_q.unit_theta_dot": "弧度/秒",
    "cartpole_q.metric_episodes": "回合",
    "cartpole_q.metric_solved": "解决于第几回合",
    "cartpole_q.metric_solved_help": "第一个连续 {run} 回合都至少坚持 {length} 步的回合。",
    "cartpole_q.not_yet": "尚未",
    "cartpole_q.watch_caption": "第 {k:,} 回合：{t} 步（训练继续进行时播放）",
    "cartpole_q.metric_states": "访问过的状态（共 {total}）",
    "cartpole_q.metric_states_help": "智能体在其中行动过的区间状态数；Q 表共有 {n} 格。",
    "cartpole_q.metric_epsilon": "当前 ε",
    "cartpole_q.metric_greedy": "贪心平均长度",
    "cartpole_q.chart_title": "每回合步数",
    "cartpole_q.chart_x": "回合",
    "cartpole_q.chart_y": "步数",
    "cartpole_q.series_length": "步数",
    "cartpole_q.series_mean": "{n} 回合平均",
    "cartpole_q.series_greedy": "贪心（ε = 0，5 个固定初始状态）",
    "cartpole_q.solved_line": "解决（{n}）",
    "cartpole_q.q_title": "Q 表：{x} × {y}",
    "cartpole_q.q_caption_mean": "每一格是对 {others} 中访问过的区间取的平均。空白格：从未访问。",
    "cartpole_q.q_caption_fixed": "固定在 {fixed}。空白格：从未访问。",
    "cartpole_q.greedy_title": "贪心动作",
    "cartpole_q.maxq_title": "最大 Q 值",
    "cartpole_q.visits_title": "访问次数",
    "cartpole_q.left": "← 向左",
    "cartpole_q.right": "→ 向右",
    "cartpole_q.tie": "相等",
    "cartpole_q.visits_bar_title": "各维每个区间的访问次数",
    "cartpole_q.visits_bar_y": "访问次数",
    "cartpole_q.not_trained": "点击“训练”：智能体学习时，曲线、Q 表和回合回放会显示在这里。",
    "cartpole_q.diverged": "Q 表中出现了 NaN 或无穷大（η、γ 或奖励使其发散）；请点击“重置”，并尝试更小的 η 或 γ < 1",
    "cartpole_q.playback_title": "回放",
    "cartpole_q.replay": "回合",
    "cartpole_q.replay_latest": "最新",
    "cartpole_q.replay_best": "最佳（最长）",
    "cartpole_q.replay_info": "第 {episode:,} 回合：{length} 步，回报 {ret}。",
    "cartpole_q.replay_note": "画面下方的 Q 值取自当前的 Q 表，而不是该回合进行时的 Q 表。",
    "cartpole_q.frame_caption": "t = {t} · 区间 (x, ẋ, θ, θ̇) = {bins} · s = {s} · Q(s, ←) = {q_left}，Q(s, →) = {q_right} → 贪心 {greedy}",
    "cartpole_q.replay_failed": "无法回放该回合",
    "cartpole_q.build_failed": "无法创建训练",
    "cartpole_q.label_bins": "{sym} 的区间数",
    "cartpole_q.states_line": "**访问过的状态：{k} / {total} = {n}**",
    "cartpole_q.visits_caption": "智能体在每一格中行动的次数（颜色为对数刻度）。Q 表只需在智能体会到达的地方学好：{total} 个格子中大多数从未到达。",
    "cartpole_q.label_range": "{sym} 的范围",
}
