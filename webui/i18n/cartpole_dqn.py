"""Text of the CartPole · DQN page, and of what both deep-RL pages share (``deep.*``)."""

EN = {
    # shared by the DQN and REINFORCE pages
    "cartpole_dqn.env": "Environment",
    "cartpole_dqn.env_CartPole-v1": "CartPole-v1 (500 steps, solved at 475)",
    "cartpole_dqn.env_CartPole-v0": "CartPole-v0 (200 steps, solved at 195)",
    "cartpole_dqn.lr": "Learning rate (Adam)",
    "cartpole_dqn.gamma": "Discount γ",
    "cartpole_dqn.seed_help": "Same seed and settings give the same run, curve for curve.",
    "cartpole_dqn.eval_every_help": (
        "A greedy evaluation plays 20 episodes without exploration on fixed seeds; its mean "
        "return is the orange line. Its time is not counted as training time."
    ),
    "cartpole_dqn.presets": "Presets",
    "cartpole_dqn.preset_notes": "The notes' settings",
    "cartpole_dqn.preset_fast": "Fast and reliable",
    "cartpole_dqn.preset_notes_help": "The course notes' network and hyperparameters (slow to learn).",
    "cartpole_dqn.preset_fast_help": "Tuned settings: the ones the benchmark uses.",
    "cartpole_dqn.preset_applied": "Applied the preset “{name}”.",
    "cartpole_dqn.not_trained": "Nothing trained yet. Press **Train** to start.",
    "cartpole_dqn.metric_episodes": "Episodes",
    "cartpole_dqn.metric_steps": "Env steps",
    "cartpole_dqn.metric_last_eval": "Greedy evaluation",
    "cartpole_dqn.metric_last_eval_help": "Mean return of the last greedy evaluation (20 episodes).",
    "cartpole_dqn.metric_best_eval": "Best evaluation",
    "cartpole_dqn.metric_seconds": "Training time",
    "cartpole_dqn.seconds": "{s:.1f} s",
    "cartpole_dqn.solved_at": "Solved: a greedy evaluation reached {threshold:g} after {steps:,} env steps ({episodes:,} episodes).",
    "cartpole_dqn.solved_lost": "Not solved now: a greedy evaluation reached {threshold:g} after {steps:,} env steps ({episodes:,} episodes), but the last one returned only {last}.",
    "cartpole_dqn.watch_caption": "The network as it is after {episodes:,} episodes, played greedily: {n} steps (shown while training goes on)",
    "cartpole_dqn.series_return": "return per episode",
    "cartpole_dqn.series_mean": "mean of last {n} episodes",
    "cartpole_dqn.series_eval": "greedy evaluation (mean of 20)",
    "cartpole_dqn.solved_line": "solved ({n:g})",
    "cartpole_dqn.axis_return": "return",
    "cartpole_dqn.axis_steps": "env steps",
    "cartpole_dqn.axis_episode": "episode",
    "cartpole_dqn.axis_t": "time step t",
    "cartpole_dqn.diverged_explain": (
        "The loss became NaN or infinite: the updates grew without bound (usually a learning "
        "rate that is too large). Training stopped and the network was put back to its last "
        "good state, which the playback and the weights download below use. Lower the "
        "learning rate and press **Reset** to train again."
    ),
    "cartpole_dqn.playback_title": "Playback of a greedy episode",
    "cartpole_dqn.playback_seed": "Episode seed",
    "cartpole_dqn.playback_info": "Greedy episode with the network after {steps:,} env steps / {episodes:,} episodes: return {ret:g}, {length} steps, {end}.",
    "cartpole_dqn.end_terminated": "the pole fell or the cart left the track",
    "cartpole_dqn.end_truncated": "stopped by the time limit",
    "cartpole_dqn.playback_running": "The playback is recorded when training pauses or ends.",
    "cartpole_dqn.action_left": "left ←",
    "cartpole_dqn.action_right": "right →",
    "cartpole_dqn.weights_title": "Weights",
    "cartpole_dqn.weights_help": (
        "Download the trained network (a PyTorch `state_dict` saved with `torch.save`) and "
        "upload it later to watch it or to continue training. Uploads are read with "
        "`weights_only=True`: only tensors, never code. Limit: {mb:g} MB. The network's "
        "size must match the settings."
    ),
    "cartpole_dqn.download_weights": "Download weights",
    "cartpole_dqn.upload_weights": "Upload weights (.pt)",
    "cartpole_dqn.weights_loaded": "Loaded weights from {name}. Press Train to continue, or watch the playback.",
    "cartpole_dqn.loaded_not_trained": "The network holds the uploaded weights; nothing was trained in this session yet, so there is no curve. Watch the playback below, or press **Train** to continue from them.",
    "cartpole_dqn.weights_bad": "{name} cannot be used: {message}. A good file is one this page's **Download weights** button gave, for a network with the same settings.",
    "cartpole_dqn.weights_too_big": "the file is {mb:.1f} MB; weights files are limited to {limit:g} MB",
    "cartpole_dqn.weights_why_empty": "the file is empty",
    "cartpole_dqn.weights_why_not_torch": "it is not a PyTorch weights file (those are zip archives written by `torch.save`)",
    "cartpole_dqn.weights_why_unpacks_too_big": "its contents unpack to {unpacked_mb:,.1f} MB, while this network's weights take at most {budget_kb:,.0f} kB; it was refused before anything was unpacked",
    "cartpole_dqn.weights_why_too_many_records": "it holds {records:,} records, while a weights file for this network holds at most {limit}",
    "cartpole_dqn.weights_why_not_tensors": "it holds something other than plain tensors (a pickled class or function, or a damaged index); it was refused unread, and nothing in an uploaded file is ever run",
    "cartpole_dqn.weights_why_damaged": "the file is damaged or cut short: its contents cannot be read",
    "cartpole_dqn.weights_why_not_state_dict": "it does not hold a `state_dict` (layer names mapped to tensors)",
    "cartpole_dqn.weights_why_layers": "its layers do not match this network{missing}{unexpected}; check the number of hidden layers",
    "cartpole_dqn.weights_missing": "; missing: {names}",
    "cartpole_dqn.weights_unexpected": "; not in this network: {names}",
    "cartpole_dqn.weights_why_shape": "layer {key} has shape {got} in the file but this network needs {need}; check the hidden layer sizes and the environment",
    "cartpole_dqn.weights_why_not_float": "layer {key} does not hold floating-point numbers",
    "cartpole_dqn.weights_why_not_finite": "layer {key} contains NaN or infinite values",
    "cartpole_dqn.progress_steps": "{done:,} / {total:,} env steps",
    "cartpole_dqn.build_failed": "These settings do not make a valid agent",
    "cartpole_dqn.starts_below_batch": "learning starts after {starts} env steps, but each gradient step samples a batch of {batch} transitions from the memory. Set “Learning starts” to at least {batch} or lower the batch size.",
    "cartpole_dqn.threads_note": "Each run trains on one CPU thread, so several users share the machine fairly.",
    # DQN page
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
    "cartpole_dqn.env": "环境",
    "cartpole_dqn.env_CartPole-v1": "CartPole-v1（500 步，475 分算解决）",
    "cartpole_dqn.env_CartPole-v0": "CartPole-v0（200 步，195 分算解决）",
    "cartpole_dqn.lr": "学习率（Adam）",
    "cartpole_dqn.gamma": "折扣率 γ",
    "cartpole_dqn.seed_help": "相同的随机种子和设置会得到完全相同的训练曲线。",
    "cartpole_dqn.eval_every_help": "贪心评估在固定种子上不带探索地玩 20 个回合，其平均回报就是橙色曲线；评估用时不计入训练时间。",
    "cartpole_dqn.presets": "预设",
    "cartpole_dqn.preset_notes": "讲义中的设置",
    "cartpole_dqn.preset_fast": "快速而可靠",
    "cartpole_dqn.preset_notes_help": "讲义中的网络和超参数（学得较慢）。",
    "cartpole_dqn.preset_fast_help": "调好的设置：基准测试使用的就是这一组。",
    "cartpole_dqn.preset_applied": "已应用预设“{name}”。",
    "cartpole_dqn.not_trained": "还没有训练。点击 **训练** 开始。",
    "cartpole_dqn.metric_episodes": "回合数",
    "cartpole_dqn.metric_steps": "环境步数",
    "cartpole_dqn.metric_last_eval": "贪心评估",
    "cartpole_dqn.metric_last_eval_help": "最近一次贪心评估（20 个回合）的平均回报。",
    "cartpole_dqn.metric_best_eval": "最佳评估",
    "cartpole_dqn.metric_seconds": "训练用时",
    "cartpole_dqn.seconds": "{s:.1f} 秒",
    "cartpole_dqn.solved_at": "已解决：贪心评估在 {steps:,} 个环境步（{episodes:,} 个回合）后达到 {threshold:g}。",
    "cartpole_dqn.solved_lost": "目前未解决：贪心评估曾在 {steps:,} 个环境步（{episodes:,} 个回合）后达到 {threshold:g}，但最近一次只得到 {last}。",
    "cartpole_dqn.watch_caption": "训练 {episodes:,} 个回合后的网络，按贪心策略玩一个回合：{n} 步（训练继续进行时播放）",
    "cartpole_dqn.series_return": "每回合回报",
    "cartpole_dqn.series_mean": "最近 {n} 回合的平均",
    "cartpole_dqn.series_eval": "贪心评估（20 回合平均）",
    "cartpole_dqn.solved_line": "解决线（{n:g}）",
    "cartpole_dqn.axis_return": "回报",
    "cartpole_dqn.axis_steps": "环境步数",
    "cartpole_dqn.axis_episode": "回合",
    "cartpole_dqn.axis_t": "时间步 t",
    "cartpole_dqn.diverged_explain": (
        "损失变成了 NaN 或无穷大：更新量无限增大（通常是学习率太大）。训练已停止，网络已恢复到最后一个"
        "正常的状态，下面的回放和权重下载使用的就是它。请调低学习率，再点击 **重置** 重新训练。"
    ),
    "cartpole_dqn.playback_title": "贪心策略回合回放",
    "cartpole_dqn.playback_seed": "回合随机种子",
    "cartpole_dqn.playback_info": "使用训练了 {steps:,} 个环境步 / {episodes:,} 个回合后的网络的贪心回合：回报 {ret:g}，{length} 步，{end}。",
    "cartpole_dqn.end_terminated": "杆倒下或小车出界",
    "cartpole_dqn.end_truncated": "达到时间上限而结束",
    "cartpole_dqn.playback_running": "训练暂停或结束时会录制回放。",
    "cartpole_dqn.action_left": "向左 ←",
    "cartpole_dqn.action_right": "向右 →",
    "cartpole_dqn.weights_title": "权重",
    "cartpole_dqn.weights_help": (
        "下载训练好的网络（用 `torch.save` 保存的 PyTorch `state_dict`），以后再上传来观看或继续训练。"
        "上传的文件用 `weights_only=True` 读取：只读张量，绝不执行代码。大小上限 {mb:g} MB，"
        "网络结构必须与当前设置一致。"
    ),
    "cartpole_dqn.download_weights": "下载权重",
    "cartpole_dqn.upload_weights": "上传权重（.pt）",
    "cartpole_dqn.weights_loaded": "已从 {name} 载入权重。点击“训练”继续训练，或观看回放。",
    "cartpole_dqn.loaded_not_trained": "网络中是上传的权重；本次会话还没有训练，所以没有曲线。可以观看下方的回放，或点击 **训练** 在这些权重的基础上继续训练。",
    "cartpole_dqn.weights_bad": "无法使用 {name}：{message}。可用的文件是本页 **下载权重** 按钮给出的文件，且网络设置相同。",
    "cartpole_dqn.weights_too_big": "文件大小为 {mb:.1f} MB，权重文件上限为 {limit:g} MB",
    "cartpole_dqn.weights_why_empty": "文件是空的",
    "cartpole_dqn.weights_why_not_torch": "它不是 PyTorch 权重文件（权重文件是 `torch.save` 写出的 zip 压缩包）",
    "cartpole_dqn.weights_why_unpacks_too_big": "它的内容解压后有 {unpacked_mb:,.1f} MB，而这个网络的权重最多只占 {budget_kb:,.0f} kB；文件在解压之前就被拒绝了",
    "cartpole_dqn.weights_why_too_many_records": "它包含 {records:,} 个记录，而这个网络的权重文件最多只有 {limit} 个",
    "cartpole_dqn.weights_why_not_tensors": "它包含普通张量以外的东西（序列化的类或函数，或损坏的索引）；文件未被读取就被拒绝，上传的文件中的任何内容都不会被执行",
    "cartpole_dqn.weights_why_damaged": "文件已损坏或不完整：无法读取其内容",
    "cartpole_dqn.weights_why_not_state_dict": "它不包含 `state_dict`（层名称到张量的映射）",
    "cartpole_dqn.weights_why_layers": "它的层与这个网络不符{missing}{unexpected}；请检查隐藏层的层数",
    "cartpole_dqn.weights_missing": "；缺少：{names}",
    "cartpole_dqn.weights_unexpected": "；这个网络中没有：{names}",
    "cartpole_dqn.weights_why_shape": "文件中层 {key} 的形状是 {got}，而这个网络需要 {need}；请检查隐藏层大小和环境",
    "cartpole_dqn.weights_why_not_float": "层 {key} 存的不是浮点数",
    "cartpole_dqn.weights_why_not_finite": "层 {key} 含有 NaN 或无穷大的值",
    "cartpole_dqn.progress_steps": "{done:,} / {total:,} 环境步",
    "cartpole_dqn.build_failed": "这些设置无法构成有效的智能体",
    "cartpole_dqn.starts_below_batch": "学习在 {starts} 个环境步后开始，但每次梯度更新要从记忆中抽取 {batch} 个转移组成一个批量。请把“开始学习”设为至少 {batch}，或减小批量大小。",
    "cartpole_dqn.threads_note": "每次训练只使用一个 CPU 线程，以便多个用户公平地共享机器。",
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
