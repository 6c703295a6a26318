"""Text of the CartPole · REINFORCE page (shared deep-RL text is in ``cartpole_dqn``)."""

EN = {
    "cartpole_reinforce.title": "CartPole · REINFORCE (policy gradient)",
    "cartpole_reinforce.intro": (
        "Learn the policy directly: a network maps the state to π(left|s), π(right|s) with a "
        "softmax. After each episode the discounted returns G_t weigh the log-probabilities of "
        "the actions taken, so actions followed by high returns become more likely."
    ),
    "cartpole_reinforce.how_title": "The update rule",
    "cartpole_reinforce.how_body": (
        "After an episode s₀, a₀, r₀, …, the returns G_t = Σₖ γᵏ r_{t+k} (see the *Returns and "
        "discounting* page), minus a baseline b if it is on, are normalised to mean 0 and "
        "standard deviation 1 if that is on (Â_t), and one Adam step minimises"
    ),
    "cartpole_reinforce.how_entropy": (
        "The entropy bonus c · H(π) rewards a spread-out policy, so it keeps exploring "
        "instead of collapsing onto one action too early."
    ),
    "cartpole_reinforce.hidden": "Hidden layer width",
    "cartpole_reinforce.hidden_help": "One hidden layer, as in the notes (4-128-2).",
    "cartpole_reinforce.normalise": "Normalise returns",
    "cartpole_reinforce.normalise_help": "Standardise each episode's G_t − b to mean 0, std 1 (the notes do).",
    "cartpole_reinforce.baseline": "Baseline (running mean of returns)",
    "cartpole_reinforce.baseline_help": (
        "Subtract b, a running mean of past episodes' mean G_t. With normalisation on, "
        "subtracting a constant changes nothing, so try it with normalisation off."
    ),
    "cartpole_reinforce.entropy": "Entropy bonus c",
    "cartpole_reinforce.episodes": "Episodes to train",
    "cartpole_reinforce.eval_every": "Evaluate every (episodes)",
    "cartpole_reinforce.chart_title": "Return per episode (sampling from π) and greedy evaluation",
    "cartpole_reinforce.diag_title": "Inside the learner",
    "cartpole_reinforce.panel_loss": "loss per episode",
    "cartpole_reinforce.panel_entropy": "mean policy entropy H(π) (nats)",
    "cartpole_reinforce.entropy_collapsed": "The policy became deterministic (entropy ≈ 0) before it learned to balance: the learning rate {lr} makes steps so large that one update pushes π(a|s) to 0 or 1. There ∇ log π ≈ 0, so it cannot recover. Lower the learning rate, turn on return normalisation or add an entropy bonus, then Reset.",
    "cartpole_reinforce.axis_loss": "loss",
    "cartpole_reinforce.axis_entropy": "nats (ln 2 = uniform)",
    "cartpole_reinforce.metric_entropy": "Entropy now",
    "cartpole_reinforce.scores_title": "π(a|s_t) along the played (greedy) episode",
    "cartpole_reinforce.axis_scores": "probability",
    "cartpole_reinforce.frame_caption": "t = {t} · π(←|s) = {left} · π(→|s) = {right} · action {action}",
}

ZH = {
    "cartpole_reinforce.title": "CartPole · REINFORCE（策略梯度）",
    "cartpole_reinforce.intro": (
        "直接学习策略：网络用 softmax 把状态映射为 π(左|s)、π(右|s)。每个回合结束后，用折扣回报 G_t "
        "给所采取动作的对数概率加权，于是之后回报高的动作会变得更可能被选中。"
    ),
    "cartpole_reinforce.how_title": "更新规则",
    "cartpole_reinforce.how_body": (
        "一个回合 s₀, a₀, r₀, … 结束后，计算回报 G_t = Σₖ γᵏ r_{t+k}（见“回报与折扣”页），"
        "若开启基线则减去 b，若开启标准化则化为均值 0、标准差 1（记作 Â_t），再用一步 Adam 最小化"
    ),
    "cartpole_reinforce.how_entropy": "熵奖励 c · H(π) 鼓励策略保持分散，使其继续探索，而不会过早地只选一个动作。",
    "cartpole_reinforce.hidden": "隐藏层宽度",
    "cartpole_reinforce.hidden_help": "与讲义相同，只有一个隐藏层（4-128-2）。",
    "cartpole_reinforce.normalise": "回报标准化",
    "cartpole_reinforce.normalise_help": "把每个回合的 G_t − b 标准化为均值 0、标准差 1（讲义中这样做）。",
    "cartpole_reinforce.baseline": "基线（回报的滑动平均）",
    "cartpole_reinforce.baseline_help": "减去 b，即以往回合平均 G_t 的滑动平均。开启标准化时减去常数没有影响，所以请在关闭标准化时尝试。",
    "cartpole_reinforce.entropy": "熵奖励系数 c",
    "cartpole_reinforce.episodes": "训练回合数",
    "cartpole_reinforce.eval_every": "评估间隔（回合）",
    "cartpole_reinforce.chart_title": "每回合回报（按 π 采样）与贪心评估",
    "cartpole_reinforce.diag_title": "学习过程内部",
    "cartpole_reinforce.panel_loss": "每回合损失",
    "cartpole_reinforce.panel_entropy": "策略平均熵 H(π)（奈特）",
    "cartpole_reinforce.entropy_collapsed": "策略在学会平衡之前就变成了确定性的（熵 ≈ 0）：学习率 {lr} 使每一步更新过大，一次更新就把 π(a|s) 推到 0 或 1。此时 ∇ log π ≈ 0，无法再恢复。请降低学习率、打开回报归一化或加入熵奖励，然后重置。",
    "cartpole_reinforce.axis_loss": "损失",
    "cartpole_reinforce.axis_entropy": "奈特（ln 2 为均匀）",
    "cartpole_reinforce.metric_entropy": "当前熵",
    "cartpole_reinforce.scores_title": "回放（贪心）回合中的 π(a|s_t)",
    "cartpole_reinforce.axis_scores": "概率",
    "cartpole_reinforce.frame_caption": "t = {t} · π(←|s) = {left} · π(→|s) = {right} · 动作 {action}",
}
