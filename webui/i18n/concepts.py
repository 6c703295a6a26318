"""Text of the "Returns and discounting" page (losses and returns the deep-RL notes plot)."""

EN = {
    "concepts.title": "Returns, discounting and the TD loss",
    "concepts.intro": (
        "Two small formulas the deep-RL chapters rely on, made visible: the **discounted "
        "return** G_t that REINFORCE weighs its updates with, and the **Huber loss** DQN uses "
        "instead of the square loss."
    ),
    "concepts.returns_title": "The discounted return G_t",
    "concepts.returns_body": (
        "r_t is the reward received after the action at step t. The return from step t adds "
        "the rewards still to come, each weighed by γ once per step of delay:"
    ),
    "concepts.rewards": "Rewards r_0, r_1, … (comma-separated)",
    "concepts.rewards_help": "Up to {n} numbers, e.g. 0,0,0,1.",
    "concepts.preset_maze": "Maze: shortest path (0 × 5, then 1)",
    "concepts.preset_cartpole": "CartPole: +1 per step (20 steps)",
    "concepts.preset_cartpole_notes": "CartPole, the notes' rewards (0 …, −1 on a fall)",
    "concepts.rewards_bad": "The rewards {text} cannot be read: {why}. Showing 0,0,0,1 instead.",
    "concepts.why_empty": "there is no number",
    "concepts.why_number": "{item} is not a number",
    "concepts.why_too_many": "more than {n} rewards",
    "concepts.why_infinite": "{item} is not a finite number",
    "concepts.why_too_large": "{item} is larger than {limit} in size",
    "concepts.gamma": "Discount γ",
    "concepts.t": "Return from step t",
    "concepts.terms_title": "G_{t} = Σₖ γᵏ · r_({t}+k), term by term",
    "concepts.terms_x": "reward",
    "concepts.terms_y": "value",
    "concepts.series_reward": "reward r",
    "concepts.series_term": "discounted γᵏ r",
    "concepts.sum_line": "G_{t} = {g}",
    "concepts.metric_g": "G_{t}",
    "concepts.metric_horizon": "Effective horizon 1 / (1 − γ)",
    "concepts.horizon_inf": "∞ (no discount)",
    "concepts.all_title": "G_t for every t",
    "concepts.all_x": "step t",
    "concepts.all_y": "return",
    "concepts.series_g": "G_t",
    "concepts.norm_title": "Normalised returns (REINFORCE)",
    "concepts.norm_body": (
        "REINFORCE standardises the returns of one episode before the update: it subtracts "
        "their mean and divides by their standard deviation, so they are centred on 0 with "
        "spread 1, whatever the rewards' scale. Steps with a return above the episode's mean "
        "are pushed up, those below it down. Which steps those are depends on the rewards: "
        "with a reward at every step, as in CartPole (+1 per step), G_t is largest at the "
        "start, so early steps go up and late ones down; with a single reward at the end, as "
        "in the maze, G_t grows with t and it is the other way round."
    ),
    "concepts.norm_ends": "Here Ĝ_0 = {first:+.2f} at the first step and Ĝ_{last_t} = {last:+.2f} at the last.",
    "concepts.norm_y": "normalised return",
    "concepts.series_norm": "Ĝ_t",
    "concepts.norm_constant": "All returns are equal, so their standard deviation is 0 and every Ĝ_t is 0.",
    "concepts.loss_title": "Huber (smooth-L1) loss versus square loss",
    "concepts.loss_body": (
        "The TD error δ = Q(s, a) − y is the gap between the prediction and its target. The "
        "square loss ½δ² grows without bound, and so does its gradient: one surprising "
        "transition can throw the network far off. The Huber loss is quadratic for small "
        "errors and linear beyond the threshold κ, so its gradient never exceeds 1. "
        "Strictly, the loss drawn here (and used by DQN) is PyTorch's `smooth_l1_loss` with "
        "`beta` = κ, which is the textbook Huber loss H_κ divided by κ. The two agree at "
        "κ = 1, the value DQN uses; for other κ they differ by that factor: for δ = 5 and "
        "κ = 3, smooth-L1 gives 5 − 1.5 = 3.5 where H_κ gives 3 · 3.5 = 10.5. Dividing by κ "
        "is what keeps the gradient at most 1 for every κ:"
    ),
    "concepts.threshold": "Threshold κ (where it turns linear)",
    "concepts.loss_chart": "Loss of a TD error",
    "concepts.grad_chart": "Gradient dL/dδ: what one error pushes",
    "concepts.axis_delta": "TD error δ = Q(s, a) − y",
    "concepts.axis_loss": "loss",
    "concepts.axis_grad": "gradient",
    "concepts.series_square": "square ½δ²",
    "concepts.series_huber": "smooth-L1 (Huber / κ)",
    "concepts.threshold_label": "± threshold",
}

ZH = {
    "concepts.title": "回报、折扣与 TD 损失",
    "concepts.intro": (
        "把深度强化学习章节依赖的两个小公式画出来：REINFORCE 用来给更新加权的**折扣回报** G_t，"
        "以及 DQN 用来代替平方损失的 **Huber 损失**。"
    ),
    "concepts.returns_title": "折扣回报 G_t",
    "concepts.returns_body": "r_t 是第 t 步采取动作后得到的奖励。从第 t 步起的回报把之后的奖励相加，每延迟一步就多乘一次 γ：",
    "concepts.rewards": "奖励 r_0, r_1, …（用逗号分隔）",
    "concepts.rewards_help": "最多 {n} 个数，例如 0,0,0,1。",
    "concepts.preset_maze": "迷宫：最短路径（5 个 0，然后是 1）",
    "concepts.preset_cartpole": "CartPole：每步 +1（20 步）",
    "concepts.preset_cartpole_notes": "CartPole，讲义的奖励（0 …，倒下时 −1）",
    "concepts.rewards_bad": "无法读取奖励 {text}：{why}。改为显示 0,0,0,1。",
    "concepts.why_empty": "没有任何数字",
    "concepts.why_number": "{item} 不是数字",
    "concepts.why_too_many": "奖励超过 {n} 个",
    "concepts.why_infinite": "{item} 不是有限的数",
    "concepts.why_too_large": "{item} 的绝对值超过 {limit}",
    "concepts.gamma": "折扣率 γ",
    "concepts.t": "从第 t 步起的回报",
    "concepts.terms_title": "逐项展开 G_{t} = Σₖ γᵏ · r_({t}+k)",
    "concepts.terms_x": "奖励",
    "concepts.terms_y": "数值",
    "concepts.series_reward": "奖励 r",
    "concepts.series_term": "折扣后 γᵏ r",
    "concepts.sum_line": "G_{t} = {g}",
    "concepts.metric_g": "G_{t}",
    "concepts.metric_horizon": "有效视野 1 / (1 − γ)",
    "concepts.horizon_inf": "∞（不折扣）",
    "concepts.all_title": "每一步的 G_t",
    "concepts.all_x": "步 t",
    "concepts.all_y": "回报",
    "concepts.series_g": "G_t",
    "concepts.norm_title": "标准化回报（REINFORCE）",
    "concepts.norm_body": (
        "REINFORCE 在更新前把一个回合的回报标准化：减去它们的均值，再除以它们的标准差，"
        "于是无论奖励的尺度如何，这些回报都以 0 为中心、标准差为 1。回报高于本回合均值的步被推高，"
        "低于均值的步被压低。哪些步高于均值取决于奖励：像 CartPole 那样每步都有奖励（每步 +1）时，"
        "G_t 在开头最大，前面的步被推高、后面的步被压低；像迷宫那样只在最后有一个奖励时，"
        "G_t 随 t 增大，情况正好相反。"
    ),
    "concepts.norm_ends": "此处第一步的 Ĝ_0 = {first:+.2f}，最后一步的 Ĝ_{last_t} = {last:+.2f}。",
    "concepts.norm_y": "标准化回报",
    "concepts.series_norm": "Ĝ_t",
    "concepts.norm_constant": "所有回报都相等，标准差为 0，因此每个 Ĝ_t 都是 0。",
    "concepts.loss_title": "Huber（smooth-L1）损失与平方损失",
    "concepts.loss_body": (
        "TD 误差 δ = Q(s, a) − y 是预测与目标之差。平方损失 ½δ² 无限增长，梯度也一样：一个意外的转移"
        "就可能把网络推得很远。Huber 损失在误差小时是二次的，超过阈值 κ 后是线性的，所以梯度绝不超过 1。"
        "严格地说，这里画出的（也是 DQN 使用的）是 PyTorch 的 `smooth_l1_loss`（`beta` = κ），"
        "它等于教科书中的 Huber 损失 H_κ 除以 κ。两者在 κ = 1（DQN 使用的值）时相同；κ 取其他值时"
        "相差这个因子：δ = 5、κ = 3 时，smooth-L1 为 5 − 1.5 = 3.5，而 H_κ 为 3 · 3.5 = 10.5。"
        "正是除以 κ 使梯度对任何 κ 都不超过 1："
    ),
    "concepts.threshold": "阈值 κ（变为线性的位置）",
    "concepts.loss_chart": "TD 误差的损失",
    "concepts.grad_chart": "梯度 dL/dδ：一个误差的推动力度",
    "concepts.axis_delta": "TD 误差 δ = Q(s, a) − y",
    "concepts.axis_loss": "损失",
    "concepts.axis_grad": "梯度",
    "concepts.series_square": "平方 ½δ²",
    "concepts.series_huber": "smooth-L1（Huber / κ）",
    "concepts.threshold_label": "± 阈值",
}
