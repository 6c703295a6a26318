"""Text of the CartPole · DQN page (what it shares with REINFORCE is in ``deep``)."""

EN = {
    "cartpole_dqn.metric_best_eval": "Best evaluation",
    "cartpole_dqn.axis_steps": "env steps",
    "cartpole_dqn.starts_below_batch": "learning starts after {starts} env steps, but each gradient step samples a batch of {batch} transitions from the memory. Set “Learning starts” to at least {batch} or lower the batch size.",
    "cartpole_dqn.title": "CartPole · Deep Q-network (DQN)",
    "cartpole_dqn.intro": (
        "A neural network Q(s, ·; θ) replaces the Q-table: it maps CartPole's 4 numbers to "
        "the values of pushing left and right. Transitions go into a **replay memory**; each "
        "gradient step samples a mini-batch and moves Q(s, a) towards the TD target with the "
        "**Huber loss**. Compare the notes' settings with the tuned ones."
    ),
    "cartpole_dqn.how_title": "The update rule",
    "cartpole_dqn.how_body": (
        "For a mini-batch of transitions (s, a, r, s′, terminated) from the replay memory, "
        "Q⁻ is the target network (the online network itself when it is off, as in the notes):"
    ),
    "cartpole_dqn.how_double": (
        "Double DQN lets the online network choose a′ and the target network value it: "
        "y = r + γ Q⁻(s′, argmax Q(s′, a′)). A truncated episode (time limit) still bootstraps, "
        "only a real termination has value 0."
    ),
    "cartpole_dqn.group_network": "Network and optimiser",
    "cartpole_dqn.group_explore": "Exploration (ε-greedy)",
    "cartpole_dqn.group_target": "Targets and loss",
    "cartpole_dqn.group_budget": "Budget",
    "cartpole_dqn.hidden": "Hidden layers",
    "cartpole_dqn.hidden_help": "Widths of the hidden layers; the notes use 4-128-128-2.",
    "cartpole_dqn.batch": "Batch size",
    "cartpole_dqn.replay": "Replay memory capacity",
    "cartpole_dqn.eps_schedule": "ε schedule",
    "cartpole_dqn.eps_linear": "linear decay over env steps",
    "cartpole_dqn.eps_inverse_episode": "ε₀ / (1 + episode) (the notes)",
    "cartpole_dqn.eps_start": "ε at the start",
    "cartpole_dqn.eps_end": "ε at the end",
    "cartpole_dqn.eps_decay": "ε decay (env steps)",
    "cartpole_dqn.learning_starts": "Learning starts (env steps)",
    "cartpole_dqn.learning_starts_help": "Transitions collected before the first gradient step (at least one batch).",
    "cartpole_dqn.train_freq": "Train every (env steps)",
    "cartpole_dqn.gradient_steps": "Gradient steps each time",
    "cartpole_dqn.target": "Target network",
    "cartpole_dqn.target_none": "off (the notes)",
    "cartpole_dqn.target_hard": "hard copy every N steps",
    "cartpole_dqn.target_soft": "soft update τ",
    "cartpole_dqn.target_every": "Copy every (env steps)",
    "cartpole_dqn.tau": "τ (soft update rate)",
    "cartpole_dqn.double": "Double DQN",
    "cartpole_dqn.double_help": (
        "The online network chooses a′ and the target network values it, so an estimate "
        "that happens to be too high is not both chosen and believed."
    ),
    "cartpole_dqn.double_needs_target": (
        "Needs a target network. Without one Q⁻ is the online network Q itself, so Q picks "
        "a′ and Q values it: exactly the plain DQN target. Turn on a target network above."
    ),
    "cartpole_dqn.q_beyond_bound": (
        "**Q has left the range of possible returns.** An episode's mean max Q(s, a) reached "
        "{value} at env step {steps:,} (last episode: {latest}). With {rewards} and "
        "γ = {gamma:g}, every return lies between {low} and {high} (at most "
        "r_max / (1 − γ)). The network overestimates, and the error feeds "
        "on itself: the TD target r + γ max Q(s′, a′) is read from the very network being "
        "updated (bootstrapping from its own estimates), the max picks whichever estimate is "
        "too high, and every update raises the values the next targets are read from."
    ),
    "cartpole_dqn.q_bound_rewards_one": "a reward of {r:g} every step",
    "cartpole_dqn.q_bound_rewards_range": "rewards between {r_min:g} and {r_max:g}",
    "cartpole_dqn.q_bound_cure": (
        "A **target network** Q⁻ holds the targets still: a copy of the online network "
        "refreshed only every N env steps (or slowly, by τ), so raising Q(s, a) no longer "
        "raises its own target at once. **Double DQN** lets the online network choose a′ and "
        "the target network value it, so one too-high estimate is not both chosen and believed."
    ),
    "cartpole_dqn.q_bound_switch": "Use a target network and Double DQN, and start again",
    "cartpole_dqn.q_bound_switch_help": (
        "Sets the target network to a hard copy every {n} env steps (unless one is on "
        "already), turns Double DQN on and resets the run. Press Train to compare."
    ),
    "cartpole_dqn.q_bound_switched": (
        "A target network (hard copy every {n} env steps) and Double DQN are on; the run was "
        "reset. Press **Train** and watch mean max Q stay within the bound."
    ),
    "cartpole_dqn.q_bound_switched_double": (
        "Double DQN is on; the run was reset. Press **Train** and watch mean max Q."
    ),
    "cartpole_dqn.q_bound_has_target": (
        "A target network and Double DQN are already on: the steps themselves are too large. "
        "Try a smaller learning rate, gradient clipping or the Huber loss."
    ),
    "cartpole_dqn.q_bound_line": "largest possible return {high}",
    "cartpole_dqn.loss": "TD loss",
    "cartpole_dqn.loss_huber": "Huber (the notes)",
    "cartpole_dqn.loss_mse": "square (MSE)",
    "cartpole_dqn.grad_clip": "Gradient clipping (max norm, 0 = off)",
    "cartpole_dqn.shaping": "The notes' rewards (0, −1 on a fall, +1 at the time limit)",
    "cartpole_dqn.shaping_help": "Only the rewards stored in replay change; the charts show CartPole's own return.",
    "cartpole_dqn.max_steps": "Env steps to train",
    "cartpole_dqn.eval_every": "Evaluate every (env steps)",
    "cartpole_dqn.metric_epsilon": "ε now",
    "cartpole_dqn.chart_title": "Return per episode (training, with exploration) and greedy evaluation",
    "cartpole_dqn.diag_title": "Inside the learner",
    "cartpole_dqn.panel_loss": "TD loss (mean per episode)",
    "cartpole_dqn.panel_maxq": "mean max Q(s, a)",
    "cartpole_dqn.panel_eps": "ε",
    "cartpole_dqn.panel_fill": "replay memory filled (%)",
    "cartpole_dqn.axis_loss": "loss (log)",
    "cartpole_dqn.axis_q": "Q",
    "cartpole_dqn.axis_eps": "ε",
    "cartpole_dqn.axis_fill": "% of capacity",
    "cartpole_dqn.scores_title": "Q(s_t, a) along the played episode",
    "cartpole_dqn.axis_scores": "Q value",
    "cartpole_dqn.frame_caption": "t = {t} · Q(s, ←) = {left} · Q(s, →) = {right} · action {action}",
}

ZH = {
    "cartpole_dqn.metric_best_eval": "最佳评估",
    "cartpole_dqn.axis_steps": "环境步数",
    "cartpole_dqn.starts_below_batch": "学习在 {starts} 个环境步后开始，但每次梯度更新要从记忆中抽取 {batch} 个转移组成一个批量。请把“开始学习”设为至少 {batch}，或减小批量大小。",
    "cartpole_dqn.title": "CartPole · 深度 Q 网络（DQN）",
    "cartpole_dqn.intro": (
        "用神经网络 Q(s, ·; θ) 代替 Q 表：它把 CartPole 的 4 个观测值映射为向左推和向右推的价值。"
        "转移样本存入**经验回放池**；每次梯度更新从中抽取一个小批量，用 **Huber 损失** 让 Q(s, a) "
        "靠近 TD 目标。比较讲义中的设置与调好的设置。"
    ),
    "cartpole_dqn.how_title": "更新规则",
    "cartpole_dqn.how_body": "对回放池中抽出的一批转移 (s, a, r, s′, terminated)，Q⁻ 是目标网络（关闭时就是在线网络本身，与讲义相同）：",
    "cartpole_dqn.how_double": (
        "Double DQN 由在线网络选择 a′、由目标网络估值：y = r + γ Q⁻(s′, argmax Q(s′, a′))。"
        "因时间上限而截断的回合仍然自举，只有真正终止的状态价值为 0。"
    ),
    "cartpole_dqn.group_network": "网络与优化器",
    "cartpole_dqn.group_explore": "探索（ε-贪心）",
    "cartpole_dqn.group_target": "目标与损失",
    "cartpole_dqn.group_budget": "训练量",
    "cartpole_dqn.hidden": "隐藏层",
    "cartpole_dqn.hidden_help": "各隐藏层的宽度；讲义使用 4-128-128-2。",
    "cartpole_dqn.batch": "批量大小",
    "cartpole_dqn.replay": "回放池容量",
    "cartpole_dqn.eps_schedule": "ε 衰减方式",
    "cartpole_dqn.eps_linear": "按环境步线性衰减",
    "cartpole_dqn.eps_inverse_episode": "ε₀ / (1 + 回合)（讲义）",
    "cartpole_dqn.eps_start": "初始 ε",
    "cartpole_dqn.eps_end": "最终 ε",
    "cartpole_dqn.eps_decay": "ε 衰减步数（环境步）",
    "cartpole_dqn.learning_starts": "开始学习（环境步）",
    "cartpole_dqn.learning_starts_help": "第一次梯度更新前先收集的转移数（至少一个批量）。",
    "cartpole_dqn.train_freq": "每隔多少环境步训练一次",
    "cartpole_dqn.gradient_steps": "每次的梯度步数",
    "cartpole_dqn.target": "目标网络",
    "cartpole_dqn.target_none": "关闭（讲义）",
    "cartpole_dqn.target_hard": "每 N 步硬拷贝",
    "cartpole_dqn.target_soft": "软更新 τ",
    "cartpole_dqn.target_every": "拷贝间隔（环境步）",
    "cartpole_dqn.tau": "τ（软更新率）",
    "cartpole_dqn.double": "Double DQN",
    "cartpole_dqn.double_help": "由在线网络选择 a′、由目标网络估值，这样一个碰巧偏高的估计不会既被选中又被采信。",
    "cartpole_dqn.double_needs_target": (
        "需要目标网络。没有目标网络时 Q⁻ 就是在线网络 Q 本身：由 Q 选择 a′、再由 Q 估值，"
        "与普通 DQN 的 TD 目标完全相同。请先在上方打开目标网络。"
    ),
    "cartpole_dqn.q_beyond_bound": (
        "**Q 值超出了回报可能的范围。** 某回合的平均 max Q(s, a) 在第 {steps:,} 个环境步达到 "
        "{value}（最近一个回合：{latest}）。{rewards}、折扣率 γ = {gamma:g} 时，"
        "任何回报都在 {low} 到 {high} 之间（最多 r_max / (1 − γ)）。网络在高估，而且误差会自我放大："
        "TD 目标 r + γ max Q(s′, a′) 取自正在更新的同一个网络（用自己的估计自举），max 会挑出偏高的估计，"
        "每次更新又抬高了下一个目标所依据的价值。"
    ),
    "cartpole_dqn.q_bound_rewards_one": "每步奖励都是 {r:g}",
    "cartpole_dqn.q_bound_rewards_range": "奖励在 {r_min:g} 到 {r_max:g} 之间",
    "cartpole_dqn.q_bound_cure": (
        "**目标网络** Q⁻ 让目标保持稳定：它是在线网络的副本，只每隔 N 个环境步更新一次（或按 τ 缓慢更新），"
        "因此抬高 Q(s, a) 不会立刻抬高它自己的目标。**Double DQN** 由在线网络选择 a′、由目标网络估值，"
        "这样一个偏高的估计不会既被选中又被采信。"
    ),
    "cartpole_dqn.q_bound_switch": "使用目标网络和 Double DQN，重新开始",
    "cartpole_dqn.q_bound_switch_help": (
        "把目标网络设为每 {n} 个环境步硬拷贝一次（若尚未打开），打开 Double DQN，并重置训练。"
        "点击“训练”进行比较。"
    ),
    "cartpole_dqn.q_bound_switched": (
        "已打开目标网络（每 {n} 个环境步硬拷贝一次）和 Double DQN，训练已重置。"
        "点击 **训练**，观察平均 max Q 是否保持在上界之内。"
    ),
    "cartpole_dqn.q_bound_switched_double": "已打开 Double DQN，训练已重置。点击 **训练**，观察平均 max Q。",
    "cartpole_dqn.q_bound_has_target": "目标网络和 Double DQN 都已打开：是更新步长本身太大。请试试更小的学习率、梯度裁剪或 Huber 损失。",
    "cartpole_dqn.q_bound_line": "可能的最大回报 {high}",
    "cartpole_dqn.loss": "TD 损失",
    "cartpole_dqn.loss_huber": "Huber（讲义）",
    "cartpole_dqn.loss_mse": "平方损失（MSE）",
    "cartpole_dqn.grad_clip": "梯度裁剪（最大范数，0 为关闭）",
    "cartpole_dqn.shaping": "讲义的奖励（0，倒下 −1，到时间上限 +1）",
    "cartpole_dqn.shaping_help": "只改变存入回放池的奖励；图中显示的始终是 CartPole 自身的回报。",
    "cartpole_dqn.max_steps": "训练的环境步数",
    "cartpole_dqn.eval_every": "评估间隔（环境步）",
    "cartpole_dqn.metric_epsilon": "当前 ε",
    "cartpole_dqn.chart_title": "每回合回报（训练中，带探索）与贪心评估",
    "cartpole_dqn.diag_title": "学习过程内部",
    "cartpole_dqn.panel_loss": "TD 损失（每回合平均）",
    "cartpole_dqn.panel_maxq": "平均 max Q(s, a)",
    "cartpole_dqn.panel_eps": "ε",
    "cartpole_dqn.panel_fill": "回放池填充率（%）",
    "cartpole_dqn.axis_loss": "损失（对数）",
    "cartpole_dqn.axis_q": "Q",
    "cartpole_dqn.axis_eps": "ε",
    "cartpole_dqn.axis_fill": "占容量的 %",
    "cartpole_dqn.scores_title": "回放回合中的 Q(s_t, a)",
    "cartpole_dqn.axis_scores": "Q 值",
    "cartpole_dqn.frame_caption": "t = {t} · Q(s, ←) = {left} · Q(s, →) = {right} · 动作 {action}",
}
