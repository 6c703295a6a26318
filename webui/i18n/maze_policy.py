"""Text of the maze page on policies and policy gradient (θ₀, naive and softmax π, PG)."""

EN = {
    "maze_policy.title": "Maze · policies and policy gradient",
    "maze_policy.intro": (
        "An agent's **policy** π(s, a) is the probability of taking action a in state s. "
        "Here it comes from a table of parameters θ with one row per cell and one column per "
        "move (0 ↑, 1 →, 2 ↓, 3 ←). First look at θ₀ and the two ways the notes turn it into "
        "π, then let **policy gradient** change θ until the agent walks the shortest path."
    ),
    "maze_policy.seed_help": "Seeds the random walk and the training run: the same seed gives the same walk and the same run.",
    "maze_policy.threshold": "Stop threshold ε",
    "maze_policy.episodes": "Max episodes",
    "maze_policy.axis_action": "action a",
    "maze_policy.axis_state": "state s",
    "maze_policy.action_up": "up",
    "maze_policy.action_right": "right",
    "maze_policy.action_down": "down",
    "maze_policy.action_left": "left",
    # section 1
    "maze_policy.s1_title": "1 · θ₀, the naive policy and the softmax policy",
    "maze_policy.s1_intro": (
        "**θ₀** is read from the walls: 1 where a move is allowed, “–” (NaN) where a red "
        "wall or the border blocks it. The **naive** policy divides each θ by its row sum, "
        "π(s,a) = θ(s,a) / Σₐ θ(s,a). The **softmax** policy uses "
        "π(s,a) = exp(βθ(s,a)) / Σₐ exp(βθ(s,a)); β = 1/τ is an *inverse temperature* "
        "(τ the temperature): "
        "a small β (hot) makes every allowed move almost equally likely, a large β (cold) "
        "puts nearly all the probability on the move with the largest θ."
    ),
    "maze_policy.theta_source": "θ to look at",
    "maze_policy.theta_theta0": "θ₀ (from the walls)",
    "maze_policy.theta_learned": "θ learned below",
    "maze_policy.theta_source_help": "θ₀ has the same value on every allowed move, so every β gives the same π. Train below, then pick the learned θ to see β at work.",
    "maze_policy.view_beta": "β for the softmax policy shown here",
    "maze_policy.view_beta_help": "Inverse temperature β = 1/τ of the softmax heatmap, the β chart and the softmax random walk (training has its own β below).",
    "maze_policy.no_learned_theta": "Nothing has been learned yet: showing θ₀. Press Train in section 2 first.",
    "maze_policy.theta_learned_short": "θ after episode {k:,}",
    "maze_policy.naive_title": "Naive π = θ / Σθ",
    "maze_policy.naive_negative": "The learned θ has negative entries, so θ / Σθ is not a probability: the naive policy only works for θ ≥ 0. This is why policy gradient uses the softmax.",
    "maze_policy.softmax_title": "Softmax π, β = {beta}",
    "maze_policy.axis_beta": "inverse temperature β (log scale)",
    "maze_policy.axis_prob": "π(S{s}, a)",
    "maze_policy.sweep_title": "What β does to the softmax policy in S{s}",
    "maze_policy.sweep_flat": (
        "In θ₀ every allowed move has the same θ, so the softmax gives them the same "
        "probability **whatever β is** (flat lines, shown for S{s}). The temperature only "
        "matters once the θ of a state differ: train in section 2 and choose “θ learned below”."
    ),
    "maze_policy.sweep_explain": (
        "S{s} is the state whose θ values differ the most. Read the chart from left to "
        "right: at small β (high temperature) its moves are almost equally likely; as β "
        "grows the move with the largest θ takes nearly all the probability. The dashed "
        "line is the β of the heatmap."
    ),
    "maze_policy.stop_when": "stop when",
    "maze_policy.walk_title": "A random walk under π",
    "maze_policy.walk_policy": "Walk with",
    "maze_policy.walk_naive": "naive π",
    "maze_policy.walk_softmax": "softmax π",
    "maze_policy.walk_caption": "step {t}: in S{s}",
    "maze_policy.walk_steps": "Steps to reach the goal",
    "maze_policy.walk_steps_help": "Number of moves of this walk from the start to the goal.",
    "maze_policy.shortest": "Shortest path (moves)",
    "maze_policy.walk_gave_up": "The walk stopped after {n} steps without reaching the goal.",
    "maze_policy.walk_cut": "The player shows the first {kept} of {total} steps.",
    "maze_policy.walk_explain": (
        "Each move is drawn at random from π of the current cell (the arrows, longer for "
        "likelier moves); cells visited so far are tinted yellow. With θ₀ the agent "
        "wanders far longer than the shortest path. Change the seed for another walk."
    ),
    # section 2
    "maze_policy.s2_title": "2 · Policy gradient: learning θ",
    "maze_policy.s2_intro": (
        "Each episode walks from the start to the goal with the softmax π of the current θ. "
        "Afterwards every θ(s,a) moves a step of size η towards the moves that were taken "
        "more often than π expected (section 3 has the rule). Training stops when one "
        "update changes π by less than ε in total, Σ|Δπ| < ε (the notes use ε = 10⁻⁴), "
        "or after the maximum number of episodes."
    ),
    "maze_policy.eta_help": "Learning rate η of θ ← θ + η·Δθ (notes: 0.1). Can be changed while paused.",
    "maze_policy.beta_help": "Inverse temperature β of the policy used in training (notes: 1). Changing it restarts training.",
    "maze_policy.threshold_help": "Training stops at the first episode whose update changes π by less than this in total (notes: 10⁻⁴).",
    "maze_policy.episodes_help": "Training also stops after this many episodes. The seed maze needs about 8,000–10,000.",
    "maze_policy.train_hint": "Press Train: θ, the policy on the maze and both charts are redrawn live.",
    "maze_policy.verdict_learned": "Converged at episode {k:,} and learnt the maze: Σ|Δπ| = {change} fell below ε = {threshold}, the greedy path {greedy} (the shortest path) and the last {window} episodes took {mean} moves on average.",
    "maze_policy.verdict_stalled": "Σ|Δπ| = {change} fell below ε = {threshold} after episode {k:,}, but the maze was not learnt: the last {window} episodes took {mean} moves on average (shortest path: {shortest}) and the greedy path {greedy}. π stopped changing because each update is tiny (η = {eta} against ε = {threshold}), not because it found the way: raise η or lower ε.",
    "maze_policy.verdict_budget": "Did not converge in {n} episodes: Σ|Δπ| = {change} is still above ε = {threshold}. The last {window} episodes took {mean} moves on average (shortest path: {shortest}); the greedy path {greedy}.",
    "maze_policy.greedy_moves": "takes {n} moves",
    "maze_policy.greedy_lost": "does not reach the goal",
    "maze_policy.step": "Step: one episode",
    "maze_policy.step_help": "Play one episode with the current π, apply its update θ ← θ + η·Δθ and show the numbers.",
    "maze_policy.step_title": "Episode {k:,} and its update",
    "maze_policy.step_path": "{t} moves: {path}",
    "maze_policy.step_change": "Σ|Δπ| of this update = {change} (training stops once it is below ε = {threshold}).",
    "maze_policy.step_cells": "The entries of θ this update moved most (η = {eta}):",
    "maze_policy.col_cell": "cell (s, a)",
    "maze_policy.watch_caption": "Episode {k:,}: {t} moves (arrows: π after its update)",
    "maze_policy.live_theta_title": "θ after episode {k:,}",
    "maze_policy.live_pi_title": "π after episode {k:,} (softmax of βθ)",
    "maze_policy.live_maze_caption": "π after episode {k:,}: arrows longer and thicker for likelier moves; shaded, the cells episode {k:,} visited, and the agent where it ended.",
    "maze_policy.length_title": "Episode length",
    "maze_policy.length_series": "steps per episode",
    "maze_policy.greedy_title": "Greedy policy (argmax θ): steps to the goal",
    "maze_policy.greedy_series": "greedy path",
    "maze_policy.length_series_mean": "steps per episode (mean of {k})",
    "maze_policy.axis_episode": "episode",
    "maze_policy.axis_steps": "steps (moves)",
    "maze_policy.optimum": "shortest path: {n} moves",
    "maze_policy.change_title": "Change of the policy per update, Σ|Δπ| (log scale)",
    "maze_policy.change_series_mean": "Σ|Δπ| (mean of {k})",
    "maze_policy.threshold_line": "stop threshold ε = {v}",
    # section 3
    "maze_policy.s3_title": "3 · The update rule, number by number",
    "maze_policy.rule_intro": "After an episode of T steps, with N(s,a) the times action a was taken in s and N(s) = Σₐ N(s,a):",
    "maze_policy.rule_terms": (
        "A move taken **more** often than π predicted (N(s,a) > π(s,a)·N(s)) gets a larger θ, "
        "one taken less often a smaller θ. Dividing by T makes long, wandering episodes "
        "change θ less than short ones, which is how the shortest path wins."
    ),
    "maze_policy.rule_beta": (
        "**β and the step size.** Like the notes, Δθ leaves out a factor β: the exact "
        "gradient of the episode's mean log-probability is β·Δθ (below). The update "
        "θ ← θ + η·Δθ is therefore a gradient step of size η/β, and since π depends on βθ, "
        "one update moves βθ by ηβ·Δθ: with the same η, a larger β changes π more per "
        "episode, a smaller β less."
    ),
    "maze_policy.cell_title": "The last update, for one cell",
    "maze_policy.cell_state": "State s",
    "maze_policy.cell_action": "Action a",
    "maze_policy.cell_none": "No update yet: train in section 2 (one episode is enough).",
    "maze_policy.cell_blocked": "In S{s} the move {a} is blocked by a wall or the border: θ is NaN there and never updated. Pick another action.",
    "maze_policy.cell_episode": "Numbers of the update after episode {k:,}.",
    "maze_policy.cell_unvisited": "S{s} was not visited in this episode: N(s) = 0, so Δθ = 0 and θ did not change.",
    "maze_policy.col_symbol": "symbol",
    "maze_policy.col_value": "value",
    "maze_policy.col_meaning": "meaning",
    "maze_policy.q_n_sa": "times a was taken in s this episode",
    "maze_policy.q_n_s": "visits to s (actions taken there)",
    "maze_policy.q_pi": "probability of a in s during the episode",
    "maze_policy.q_t": "steps of the episode",
    "maze_policy.q_delta": "(N(s,a) − π(s,a)·N(s)) / T",
    "maze_policy.q_eta": "learning rate",
    "maze_policy.q_before_name": "θ(s,a) before",
    "maze_policy.q_before": "θ before this update",
    "maze_policy.q_after_name": "θ(s,a) after",
    "maze_policy.q_after": "θ + η·Δθ",
    "maze_policy.q_weight": "the episode's weight: its return G against the running mean b of earlier returns, in units of their spread σ",
    "maze_policy.value_title": "Greedy policy (argmax θ): exact value at the start against V*",
    "maze_policy.value_series": "value of the greedy policy",
    "maze_policy.value_optimum": "V*(start) = {v} (γ = 0.9)",
    "maze_policy.axis_value": "value at the start",
    "maze_policy.grid_no_walk": "θ₀, the naive π and the random walk are drawn on the notes' mazes; on this grid, train below.",
    "maze_policy.update_notes": "**Update used here: the notes' own.** On the notes' mazes every episode ends at the goal with return G = 1 (reward 1 at the goal, 0 per step), so weighting the update by G changes nothing.",
    "maze_policy.update_baseline": (
        "**Update used here: weighted by the return, with a baseline.** On this grid an episode "
        "can also end in a hole, over the cliff or by the 500-step limit; the notes' update "
        "ignores reward, so it would reinforce whatever an episode did, falling in included. "
        "Each episode's update is weighted by how much better its return G was than the "
        "running mean b of earlier returns, in units of their running spread σ (rate 0.05, "
        "so |w| ≤ 4.5). Episodes that did better than usual pull π towards their moves, "
        "worse ones push it away. On the notes' mazes (G = 1 always) this page uses the notes' "
        "form; the Lab uses the same rule for the same env. Since one update is small whenever "
        "G ≈ b, the stop rule must hold 20 episodes in a row."
    ),
}

ZH = {
    "maze_policy.title": "迷宫 · 策略与策略梯度",
    "maze_policy.intro": (
        "智能体的**策略** π(s, a) 是在状态 s 下采取动作 a 的概率。这里它由参数表 θ 给出："
        "每个格子一行，每个动作一列（0 ↑，1 →，2 ↓，3 ←）。先看看 θ₀ 以及讲义中把它变成 π "
        "的两种方法，再让**策略梯度**不断修改 θ，直到智能体走出最短路径。"
    ),
    "maze_policy.seed_help": "用于随机游走和训练：相同的种子得到相同的游走和相同的训练过程。",
    "maze_policy.threshold": "停止阈值 ε",
    "maze_policy.episodes": "最大回合数",
    "maze_policy.axis_action": "动作 a",
    "maze_policy.axis_state": "状态 s",
    "maze_policy.action_up": "上",
    "maze_policy.action_right": "右",
    "maze_policy.action_down": "下",
    "maze_policy.action_left": "左",
    "maze_policy.s1_title": "1 · θ₀、朴素策略与 softmax 策略",
    "maze_policy.s1_intro": (
        "**θ₀** 由墙壁决定：允许的移动为 1，被红色墙壁或边界挡住的移动为“–”（NaN）。"
        "**朴素**策略用每个 θ 除以所在行之和：π(s,a) = θ(s,a) / Σₐ θ(s,a)。"
        "**softmax** 策略为 π(s,a) = exp(βθ(s,a)) / Σₐ exp(βθ(s,a))；β = 1/τ 称为*逆温度*（τ 为温度）："
        "β 小（温度高）时各个允许的动作几乎等可能，β 大（温度低）时几乎全部概率集中在 θ 最大的动作上。"
    ),
    "maze_policy.theta_source": "查看的 θ",
    "maze_policy.theta_theta0": "θ₀（由墙壁得到）",
    "maze_policy.theta_learned": "下方学到的 θ",
    "maze_policy.theta_source_help": "θ₀ 在每个允许的动作上取值相同，所以任何 β 都给出同样的 π。先在下方训练，再选择学到的 θ，就能看到 β 的作用。",
    "maze_policy.view_beta": "此处 softmax 策略的 β",
    "maze_policy.view_beta_help": "softmax 热力图、β 曲线和 softmax 随机游走所用的逆温度 β = 1/τ（训练在下方有自己的 β）。",
    "maze_policy.no_learned_theta": "还没有学到任何东西，先显示 θ₀。请先在第 2 部分点击“训练”。",
    "maze_policy.theta_learned_short": "第 {k:,} 回合后的 θ",
    "maze_policy.naive_title": "朴素 π = θ / Σθ",
    "maze_policy.naive_negative": "学到的 θ 中有负数，θ / Σθ 不再是概率：朴素策略只适用于 θ ≥ 0。这正是策略梯度使用 softmax 的原因。",
    "maze_policy.softmax_title": "softmax π，β = {beta}",
    "maze_policy.axis_beta": "逆温度 β（对数刻度）",
    "maze_policy.axis_prob": "π(S{s}, a)",
    "maze_policy.sweep_title": "β 对 S{s} 中 softmax 策略的影响",
    "maze_policy.sweep_flat": (
        "在 θ₀ 中，每个允许的动作 θ 都相同，因此**无论 β 取何值** softmax 都给它们相同的概率"
        "（图中为 S{s} 的水平直线）。只有当同一状态的 θ 互不相同时温度才起作用："
        "请在第 2 部分训练，然后选择“下方学到的 θ”。"
    ),
    "maze_policy.sweep_explain": (
        "S{s} 是 θ 值差别最大的状态。从左往右看：β 小（温度高）时各动作几乎等可能；"
        "β 增大后，θ 最大的动作几乎占据全部概率。虚线是热力图所用的 β。"
    ),
    "maze_policy.stop_when": "停止条件：",
    "maze_policy.walk_title": "按 π 进行的随机游走",
    "maze_policy.walk_policy": "游走所用策略",
    "maze_policy.walk_naive": "朴素 π",
    "maze_policy.walk_softmax": "softmax π",
    "maze_policy.walk_caption": "第 {t} 步：位于 S{s}",
    "maze_policy.walk_steps": "到达终点的步数",
    "maze_policy.walk_steps_help": "本次游走从起点到终点移动的次数。",
    "maze_policy.shortest": "最短路径（步）",
    "maze_policy.walk_gave_up": "游走在 {n} 步后停止，仍未到达终点。",
    "maze_policy.walk_cut": "播放器只显示共 {total} 步中的前 {kept} 步。",
    "maze_policy.walk_explain": (
        "每一步都按当前格子的 π 随机抽取（箭头越长表示概率越大）；已经走过的格子标为黄色。"
        "使用 θ₀ 时，智能体走的步数远多于最短路径。换一个种子可以看另一次游走。"
    ),
    "maze_policy.s2_title": "2 · 策略梯度：学习 θ",
    "maze_policy.s2_intro": (
        "每个回合用当前 θ 的 softmax π 从起点走到终点。回合结束后，每个 θ(s,a) 朝着"
        "“比 π 预期更常被选择的动作”移动一步，步长为 η（规则见第 3 部分）。"
        "当某次更新使 π 的总变化小于 ε，即 Σ|Δπ| < ε（讲义取 ε = 10⁻⁴），"
        "或达到最大回合数时，训练停止。"
    ),
    "maze_policy.eta_help": "θ ← θ + η·Δθ 中的学习率 η（讲义：0.1）。暂停时可以修改。",
    "maze_policy.beta_help": "训练所用策略的逆温度 β（讲义：1）。更改后训练将从头开始。",
    "maze_policy.threshold_help": "当某回合的更新使 π 的总变化小于该值时停止训练（讲义：10⁻⁴）。",
    "maze_policy.episodes_help": "达到该回合数时也会停止训练。讲义中的迷宫大约需要 8,000–10,000 个回合。",
    "maze_policy.train_hint": "点击“训练”：θ、迷宫上的策略和两张图都会实时刷新。",
    "maze_policy.verdict_learned": "在第 {k:,} 回合收敛，并且学会了走迷宫：Σ|Δπ| = {change} 已低于 ε = {threshold}，贪心路径{greedy}（即最短路径），最近 {window} 个回合平均 {mean} 步。",
    "maze_policy.verdict_stalled": "第 {k:,} 回合后 Σ|Δπ| = {change} 已低于 ε = {threshold}，但并没有学会走迷宫：最近 {window} 个回合平均仍要 {mean} 步（最短路径：{shortest} 步），贪心路径{greedy}。π 不再变化是因为每次更新都太小（η = {eta}，而 ε = {threshold}），而不是因为找到了路：请增大 η 或减小 ε。",
    "maze_policy.verdict_budget": "{n} 个回合内没有收敛：Σ|Δπ| = {change} 仍高于 ε = {threshold}。最近 {window} 个回合平均 {mean} 步（最短路径：{shortest} 步）；贪心路径{greedy}。",
    "maze_policy.greedy_moves": "需要 {n} 步",
    "maze_policy.greedy_lost": "到不了终点",
    "maze_policy.step": "单步：一个回合",
    "maze_policy.step_help": "用当前的 π 走一个回合，做一次更新 θ ← θ + η·Δθ，并显示其中的数值。",
    "maze_policy.step_title": "第 {k:,} 回合及其更新",
    "maze_policy.step_path": "{t} 步：{path}",
    "maze_policy.step_change": "这次更新的 Σ|Δπ| = {change}（低于 ε = {threshold} 时停止训练）。",
    "maze_policy.step_cells": "这次更新中 θ 变化最大的几项（η = {eta}）：",
    "maze_policy.col_cell": "格子 (s, a)",
    "maze_policy.watch_caption": "第 {k:,} 回合：{t} 步（箭头：更新后的 π）",
    "maze_policy.live_theta_title": "第 {k:,} 回合后的 θ",
    "maze_policy.live_pi_title": "第 {k:,} 回合后的 π（βθ 的 softmax）",
    "maze_policy.live_maze_caption": "第 {k:,} 回合后的 π：概率越大，箭头越长越粗；着色的是第 {k:,} 回合走过的格子，圆点是智能体最后所在的位置。",
    "maze_policy.length_title": "每回合步数",
    "maze_policy.length_series": "每回合步数",
    "maze_policy.greedy_title": "贪心策略（argmax θ）：到终点的步数",
    "maze_policy.greedy_series": "贪心路径",
    "maze_policy.length_series_mean": "每回合步数（每 {k} 回合的平均）",
    "maze_policy.axis_episode": "回合",
    "maze_policy.axis_steps": "步数（移动次数）",
    "maze_policy.optimum": "最短路径：{n} 步",
    "maze_policy.change_title": "每次更新中策略的变化 Σ|Δπ|（对数刻度）",
    "maze_policy.change_series_mean": "Σ|Δπ|（每 {k} 回合的平均）",
    "maze_policy.threshold_line": "停止阈值 ε = {v}",
    "maze_policy.s3_title": "3 · 更新规则，逐个数字来看",
    "maze_policy.rule_intro": "一个回合共 T 步，N(s,a) 为在 s 中选择动作 a 的次数，N(s) = Σₐ N(s,a)：",
    "maze_policy.rule_terms": (
        "比 π 预期**更常**被选择的动作（N(s,a) > π(s,a)·N(s)）θ 变大，较少被选择的动作 θ 变小。"
        "除以 T 使得冗长、绕路的回合对 θ 的改变小于短回合，最短路径因此胜出。"
    ),
    "maze_policy.rule_beta": (
        "**β 与步长。** 与讲义一样，Δθ 省略了因子 β：回合平均对数概率的精确梯度是 β·Δθ（见下式）。"
        "因此更新 θ ← θ + η·Δθ 相当于步长为 η/β 的梯度步；又因为 π 取决于 βθ，一次更新使 βθ "
        "改变 ηβ·Δθ：η 相同时，β 越大，每个回合 π 的变化越大，β 越小则越小。"
    ),
    "maze_policy.cell_title": "最近一次更新中的某个格子",
    "maze_policy.cell_state": "状态 s",
    "maze_policy.cell_action": "动作 a",
    "maze_policy.cell_none": "还没有更新：请在第 2 部分训练（一个回合就够）。",
    "maze_policy.cell_blocked": "在 S{s} 中动作 {a} 被墙壁或边界挡住：θ 在此为 NaN，从不更新。请选择其他动作。",
    "maze_policy.cell_episode": "第 {k:,} 回合之后那次更新的数字。",
    "maze_policy.cell_unvisited": "本回合没有经过 S{s}：N(s) = 0，所以 Δθ = 0，θ 没有变化。",
    "maze_policy.col_symbol": "符号",
    "maze_policy.col_value": "数值",
    "maze_policy.col_meaning": "含义",
    "maze_policy.q_n_sa": "本回合在 s 中选择 a 的次数",
    "maze_policy.q_n_s": "访问 s 的次数（在 s 中采取的动作数）",
    "maze_policy.q_pi": "本回合中在 s 选择 a 的概率",
    "maze_policy.q_t": "本回合的步数",
    "maze_policy.q_delta": "(N(s,a) − π(s,a)·N(s)) / T",
    "maze_policy.q_eta": "学习率",
    "maze_policy.q_before_name": "更新前的 θ(s,a)",
    "maze_policy.q_before": "本次更新前的 θ",
    "maze_policy.q_after_name": "更新后的 θ(s,a)",
    "maze_policy.q_after": "θ + η·Δθ",
    "maze_policy.q_weight": "本回合的权重：回报 G 与此前回报的滑动平均 b 之差，以其滑动标准差 σ 为单位",
    "maze_policy.value_title": "贪心策略（argmax θ）：起点的精确价值与 V* 对比",
    "maze_policy.value_series": "贪心策略的价值",
    "maze_policy.value_optimum": "V*(起点) = {v}（γ = 0.9）",
    "maze_policy.axis_value": "起点的价值",
    "maze_policy.grid_no_walk": "θ₀、朴素 π 和随机游走画在讲义的迷宫上；在这个网格上，请直接在下方训练。",
    "maze_policy.update_notes": "**这里用的是讲义的更新。** 在讲义的迷宫里，每个回合都以到达终点结束，回报 G = 1（终点奖励 1，每步 0），所以按 G 加权不会改变任何东西。",
    "maze_policy.update_baseline": (
        "**这里用的是按回报加权、带基线的更新。** 在这个网格上，回合也可能因掉进冰洞、"
        "跌下悬崖或达到 500 步上限而结束；讲义的更新不看奖励，会强化回合里做过的一切，"
        "包括掉下去。每个回合的更新按其回报 G 比此前回报的滑动平均 b 好多少加权，"
        "以滑动标准差 σ 为单位（速率 0.05，因此 |w| ≤ 4.5）。比平常好的回合把 π 拉向它的动作，"
        "差的回合把 π 推开。在讲义的迷宫上（G 恒为 1）本页使用讲义的形式；实验室对同一环境使用同一规则。"
        "由于 G ≈ b 时单次更新总是很小，停止条件须连续 20 个回合成立。"
    ),
}
