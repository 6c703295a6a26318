"""Text of the Lesson page: the frame around the steps, and every step's words
(``lesson.<step>.*``: title, what the notes say, the settings, the Predict question and
its choices, the Experiment, the explanation and what to vary next). The steps themselves
(pages, settings, answers) are data in ``webui/lesson.py``."""

EN = {
    "lesson.title": "Lesson: the course notes, step by step",
    "lesson.intro": (
        "Eleven steps, in the order of the notes. In each: open the page with the step's "
        "settings, **predict** what will happen, run the **experiment**, then read the "
        "**explanation**. Your predictions stay in this browser session; nothing is stored."
    ),
    "lesson.progress": "Step {n} of {total}",
    "lesson.jump": "Go to step",
    "lesson.open": "Open “{page}” with these settings",
    "lesson.open_help": "Opens the page with the settings below; come back here with Lesson in the sidebar.",
    "lesson.settings": "**Settings.** {text}",
    "lesson.predict": "1 · Predict",
    "lesson.experiment": "2 · Experiment",
    "lesson.explain": "3 · Explain",
    "lesson.your_answer": "Your prediction",
    "lesson.reveal": "Show the answer",
    "lesson.reveal_help": "Pick a prediction first.",
    "lesson.right": "Right: {answer}",
    "lesson.wrong": "You predicted “{guess}”. The answer: {answer}",
    "lesson.vary": "**What to vary next.** {text}",
    "lesson.back": "Back",
    "lesson.next": "Next",
    "lesson.link": "Link to this step",
    "lesson.link_caption": "Opens the lesson at this step, for a class or a student:",
    "lesson.back_to": "Lesson · step {n}: {title}",
    # 1 · the loop
    "lesson.loop.title": "The agent–environment loop, and a random CartPole",
    "lesson.loop.intro": (
        "Every environment answers `reset()` with a first observation and `step(action)` with "
        "the 5-tuple `(observation, reward, terminated, truncated, info)`. On CartPole the agent "
        "pushes the cart left (0) or right (1); the reward is +1 for every step the pole stays "
        "up, and the episode ends when it falls (at most 500 steps on CartPole-v1)."
    ),
    "lesson.loop.settings": "CartPole, seed 0, a random agent playing up to 100 steps.",
    "lesson.loop.question": "A random agent pushes left or right at random. How long does the pole stay up?",
    "lesson.loop.choice_under_50": "Fewer than 50 steps",
    "lesson.loop.choice_about_200": "About 200 steps",
    "lesson.loop.choice_limit_500": "The full 500 steps",
    "lesson.loop.experiment": "Press **{button}** and watch the table of 5-tuples fill up, then play the episode back.",
    "lesson.loop.explain": (
        "With seed 0 the pole falls after 18 steps: `terminated` turns `True` and the return "
        "is 18. Random pushes let the small tilt grow; nothing corrects it. A learner has to "
        "do far better than this, which is what the CartPole pages are about."
    ),
    "lesson.loop.vary": "Change the seed: random episodes last roughly 10 to 40 steps. Then step by hand with ← and → and try to beat the random agent.",
    # 2 · the maze and θ₀
    "lesson.maze.title": "The maze and θ₀",
    "lesson.maze.intro": (
        "The 3×3 maze: states S0 … S8, start S0, goal S8, red walls between S1|S4, S3|S4, "
        "S3|S6 and S5|S8. θ₀ is a table with a row per state and a column per action "
        "(0 ↑, 1 →, 2 ↓, 3 ←): 1 where the move is allowed, NaN where a wall or the edge blocks it."
    ),
    "lesson.maze.settings": "The notes' maze, θ₀, the naive π.",
    "lesson.maze.question": "In the row of S3 (the left cell of the middle row), how many moves does θ₀ allow?",
    "lesson.maze.choice_one": "1",
    "lesson.maze.choice_two": "2",
    "lesson.maze.choice_three": "3",
    "lesson.maze.experiment": "Find S3 in the θ₀ heatmap, and watch the random walk pass through it.",
    "lesson.maze.explain": (
        "Only ↑ (back to S0): the walls S3|S4 and S3|S6 block → and ↓, and ← leaves the grid. "
        "So θ₀(S3, ·) = (1, NaN, NaN, NaN), and S3 is a dead end. The walls also make the "
        "shortest path 6 moves long: S0→S1→S2→S5→S4→S7→S8."
    ),
    "lesson.maze.vary": "Read another row, S7 for instance, and check it against the walls in the picture.",
    # 3 · naive and softmax π
    "lesson.policy.title": "The naive and the softmax π",
    "lesson.policy.intro": (
        "Two ways to turn θ into a policy: the naive π(s, a) = θ(s, a) / Σₐ θ(s, a), and the "
        "softmax π(s, a) = exp(β θ(s, a)) / Σₐ exp(β θ(s, a)), where β = 1/T is an inverse "
        "temperature. A larger β makes the softmax favour the larger θ more."
    ),
    "lesson.policy.settings": "θ₀, the softmax π shown with β = 5, the random walk under the softmax π.",
    "lesson.policy.question": "With θ₀ and β = 5, how does the softmax π compare with the naive π?",
    "lesson.policy.choice_same": "They are the same: every allowed move equally likely",
    "lesson.policy.choice_softmax_sharper": "The softmax π puts most of the probability on one move",
    "lesson.policy.choice_softmax_walls": "The softmax π gives the walls a little probability",
    "lesson.policy.experiment": "Compare the naive π and softmax π heatmaps, then move the β slider from 0.1 to 10.",
    "lesson.policy.explain": (
        "They are the same, whatever β: in θ₀ every allowed move has θ = 1, so every "
        "exp(β θ) is equal and the softmax shares the probability evenly, as the naive π "
        "does. A wall stays at probability 0 (its θ is NaN). β only matters once the θ "
        "differ, as they do after training."
    ),
    "lesson.policy.vary": "After the policy-gradient step, switch the θ shown to the learned θ and move β again.",
    # 4 · policy gradient
    "lesson.pg.title": "Policy gradient",
    "lesson.pg.intro": (
        "After each episode θ ← θ + η Δθ with Δθ(s, a) = (N(s, a) − π(s, a) N(s)) / T, "
        "where N counts the moves of the episode and T is its number of steps. Training stops "
        "when Σ|Δπ| < ε: the policy hardly changes any more."
    ),
    "lesson.pg.settings": "η = 0.1, β = 1, stop when Σ|Δπ| < 10⁻⁴, at most 10,000 episodes, seed 0.",
    "lesson.pg.question": "Will training stop on its own before the 10,000 episodes, and with which path?",
    "lesson.pg.choice_stops_optimal": "Yes, on the 6-move shortest path",
    "lesson.pg.choice_stops_longer": "Yes, but on a longer path",
    "lesson.pg.choice_never_stops": "No, it runs all 10,000 episodes",
    "lesson.pg.experiment": "Press **{button}** and watch the episode length fall and θ change.",
    "lesson.pg.explain": (
        "It stops at episode 8,653 with the greedy path of 6 moves. Every episode makes the "
        "moves it used more likely in proportion to how often it used them; short episodes "
        "give a large 1/T, so the short path wins. As π settles, Δπ shrinks until Σ|Δπ| "
        "falls under 10⁻⁴."
    ),
    "lesson.pg.vary": "Try η = 1 (it stops far sooner), or η = 0.001: Σ|Δπ| falls under the threshold before the maze is learnt.",
    # 5 · SARSA
    "lesson.sarsa.title": "SARSA",
    "lesson.sarsa.intro": (
        "SARSA learns the action value: Q(s, a) ← Q(s, a) + η (r + γ Q(s′, a′) − Q(s, a)), "
        "with a′ the next move it really makes (on-policy). It picks moves ε-greedily: at "
        "random with probability ε, else the best by Q. Q starts random in [0, 1) as in the notes."
    ),
    "lesson.sarsa.settings": "SARSA, ε = 0 for every episode (always greedy), η = 0.1, γ = 0.9, 100 episodes, seed 0.",
    "lesson.sarsa.question": "With ε = 0, will SARSA find the 6-move path?",
    "lesson.sarsa.choice_finds": "Yes, after a long first episode",
    "lesson.sarsa.choice_stuck": "No, it keeps its first path and never reaches S8",
    "lesson.sarsa.choice_needs_eps": "No, only with ε > 0",
    "lesson.sarsa.experiment": "Press **{button}** and watch the Q table and the episode lengths.",
    "lesson.sarsa.explain": (
        "Yes. The first episode wanders for 138 moves; the next ones take 6. The random "
        "start values in [0, 1) do the exploring: each time the greedy move goes round in a "
        "circle, its Q falls towards γ times the next value, until another move looks better. "
        "Most of episodes 10 to 29 take detours of 8 to 12 moves: as the path's values settle at γᵏ, "
        "some untried moves still look better, and greedy tries them. From episode 30 on "
        "every episode takes 6, and Q(S0, →) climbs towards γ⁵ ≈ 0.59 (0.58 after the 100 episodes)."
    ),
    "lesson.sarsa.vary": "Try seeds 1 to 4: some first episodes run into the 500-step limit before the path is found. Then set ε₀ = 0.5, halved every episode (the notes).",
    # 6 · Q-learning
    "lesson.qlearning.title": "Q-learning",
    "lesson.qlearning.intro": (
        "Q-learning uses the best next move instead of the one taken: "
        "Q(s, a) ← Q(s, a) + η (r + γ maxₐ′ Q(s′, a′) − Q(s, a)). It acts ε-greedily but "
        "learns the value of the greedy policy (off-policy)."
    ),
    "lesson.qlearning.settings": "Q-learning, ε₀ = 0.5 halved every episode (the notes), η = 0.1, γ = 0.9, 200 episodes, seed 0.",
    "lesson.qlearning.question": "The reward is 1 on reaching S8 and 0 otherwise. What value does Q(S0, →) learn?",
    "lesson.qlearning.choice_one": "1",
    "lesson.qlearning.choice_gamma": "γ = 0.9",
    "lesson.qlearning.choice_gamma5": "γ⁵ ≈ 0.59",
    "lesson.qlearning.experiment": "Press **{button}**, then read the S0 row of the Q table.",
    "lesson.qlearning.explain": (
        "γ⁵ = 0.9⁵ ≈ 0.59. From S0 the best path takes 6 moves and only the last one is "
        "rewarded, so the reward is 5 steps away after the first move: its value is "
        "discounted 5 times. Along the path the values read 0.59, 0.66, 0.73, 0.81, 0.9, 1."
    ),
    "lesson.qlearning.vary": "Set γ = 0.5: the values along the path fall much faster. Then choose Both to compare with SARSA on the same seed.",
    # 7 · CartPole with bins
    "lesson.bins.title": "CartPole with bins: a Q table",
    "lesson.bins.intro": (
        "CartPole's observation (x, ẋ, θ, θ̇) is continuous. The notes clip each to ±2.4, ±3, "
        "±0.418 rad and ±2 and cut it into bins; a state is the index Σ dᵢ · binsⁱ, and the "
        "Q table has a row per state. ε = 0.5/(episode + 1), and the reward is −1 on an "
        "early fall, +1 on success."
    ),
    "lesson.bins.settings": "CartPole-v1, 6 bins per dimension, η = 0.5, γ = 0.99, 1,000 episodes, seed 0.",
    "lesson.bins.question": "6 bins for each of the 4 numbers give 6⁴ = 1,296 states. How many does the agent visit in 1,000 episodes?",
    "lesson.bins.choice_all": "All 1,296",
    "lesson.bins.choice_third": "About a third",
    "lesson.bins.choice_few": "Fewer than 50",
    "lesson.bins.experiment": "Press **{button}** and watch the states visited and the episode lengths.",
    "lesson.bins.explain": (
        "420 of 1,296, about a third. A balanced pole keeps the four numbers in a narrow "
        "band: most combinations (fast to the right while leaning far left …) never happen. "
        "The episodes reach 475 steps ten times in a row at episode 438."
    ),
    "lesson.bins.vary": "Try 3 bins and 12 bins: too few cannot tell good states from bad, too many leave most of the table unvisited and learning slows down.",
    # 8 · DQN
    "lesson.dqn.title": "DQN",
    "lesson.dqn.intro": (
        "A network 4 → hidden → 2 replaces the Q table. Moves are stored in a replay memory "
        "and learnt from in random batches, with the Huber loss; a target network gives "
        "steadier targets. The orange curve is a greedy evaluation (ε = 0, 20 episodes)."
    ),
    "lesson.dqn.settings": "The page's fast settings, CartPole-v1, 20,000 env steps, seed 3.",
    "lesson.dqn.question": "Over the 20,000 steps, the greedy evaluation…",
    "lesson.dqn.choice_stays": "climbs, and once high stays there",
    "lesson.dqn.choice_falls": "climbs, then falls far below an earlier best, at least once",
    "lesson.dqn.choice_never": "never gets going: it stays below 50",
    "lesson.dqn.experiment": "Press **{button}** and watch the orange evaluation curve to the end.",
    "lesson.dqn.explain": (
        "It falls back, often more than once, by a hundred or more. Once the agent balances, "
        "the memory fills with balanced states only; the network forgets what to do near a "
        "fall and its Q values drift. The exact curve depends on the seed, and even on the "
        "processor: sums done in another order change a run after a few thousand updates. "
        "Other seeds rise and fall the same way. If it reached 475, the page's verdict says "
        "when, and whether it still does."
    ),
    "lesson.dqn.vary": "Stop at the best evaluation (Pause, then download the weights), or try a hard target network copied every 500 steps.",
    # 9 · REINFORCE
    "lesson.reinforce.title": "REINFORCE",
    "lesson.reinforce.intro": (
        "A network outputs π(a|s) through a softmax. After each episode the returns "
        "G_t = Σ γᵏ r_{t+k+1} are normalised, and the loss −Σ log π(a_t|s_t) G_t makes the "
        "moves before a long balance more likely."
    ),
    "lesson.reinforce.settings": "The page's fast settings (4-64-2, Adam 0.01, γ = 0.99, entropy bonus 0.01), 500 episodes, seed 0.",
    "lesson.reinforce.question": "When does the greedy evaluation first reach 475 (CartPole-v1 solved)?",
    "lesson.reinforce.choice_under_100": "Within 100 episodes",
    "lesson.reinforce.choice_about_500": "Near the end of the 500 episodes",
    "lesson.reinforce.choice_never": "Not within 500 episodes",
    "lesson.reinforce.experiment": "Press **{button}** and watch the return curve and the evaluation.",
    "lesson.reinforce.explain": (
        "Within 100: the evaluation's mean return passes 475 before episode 100, a few "
        "evaluations in. A large learning rate on a small network, with normalised returns, "
        "learns quickly here (most other seeds do too); the notes' own settings "
        "(Adam 10⁻⁴, γ = 0.9) take far longer."
    ),
    "lesson.reinforce.vary": "Choose the notes' preset and compare; or turn the normalisation off and see the returns swing.",
    # 10 · the Lab
    "lesson.lab.title": "The Lab: many seeds at once",
    "lesson.lab.intro": (
        "One run is one seed; the Lab runs many and shows their mean with a 95 % band. The "
        "preset is Sutton & Barto's Figure 6.4: the cliff walk, ε = 0.1, η = 0.5, 50 seeds "
        "× 500 episodes, SARSA against Q-learning."
    ),
    "lesson.lab.settings": "Sutton & Barto's Figure 6.4 (CliffWalking, 50 seeds, 500 episodes).",
    "lesson.lab.question": "Which gets the higher return per episode while it learns?",
    "lesson.lab.choice_sarsa": "SARSA",
    "lesson.lab.choice_q_learning": "Q-learning",
    "lesson.lab.choice_same": "The same, within the bands",
    "lesson.lab.experiment": "Press **{button}** and watch the two mean curves.",
    "lesson.lab.explain": (
        "SARSA: over the last 100 episodes about −28 per episode against −50. Q-learning "
        "learns the shortest path along the cliff edge, but its ε-greedy moves then drop it "
        "off the cliff (−100). SARSA learns the value of the ε-greedy policy it follows, "
        "so it keeps to a safer path further from the edge."
    ),
    "lesson.lab.vary": "Set ε = 0 for the greedy return: then Q-learning's path is the better one. Or sweep η with the Figure 6.3 preset.",
    # 11 · dynamic programming
    "lesson.dp.title": "Dynamic programming: when the model is known",
    "lesson.dp.intro": (
        "With P and R known, the Bellman equation can be applied to every state at once. "
        "Policy evaluation sweeps V(s) ← Σₐ π(a|s) Σ p(s′, r|s, a) (r + γ V(s′)) until "
        "the largest change Δ is below θ. Sutton & Barto's Example 4.1: a 4×4 grid, "
        "terminal corners, reward −1 per move, the random policy."
    ),
    "lesson.dp.settings": "Example 4.1, policy evaluation of the random policy, γ = 1, θ = 10⁻⁴.",
    "lesson.dp.question": "What is V of a cell next to a terminal corner once the sweeps converge?",
    "lesson.dp.choice_minus1": "−1",
    "lesson.dp.choice_minus14": "−14",
    "lesson.dp.choice_minus22": "−22",
    "lesson.dp.experiment": "Press **{button}** and watch V fill in, sweep by sweep.",
    "lesson.dp.explain": (
        "−14. One move could end the episode, but the random policy takes that move only "
        "a quarter of the time and wanders otherwise: on average 14 moves before it ends. "
        "The far corners get −22."
    ),
    "lesson.dp.vary": "Switch to value iteration: it finds the optimal V (−1 next to a corner) in a few sweeps.",
}

ZH = {
    "lesson.title": "课程：按讲义一步一步来",
    "lesson.intro": (
        "共十一步，顺序与讲义相同。每一步：用这一步的设置打开页面，先**预测**会发生什么，"
        "再做**实验**，最后看**解释**。你的预测只保存在当前浏览器会话中，服务器上什么都不存。"
    ),
    "lesson.progress": "第 {n} 步，共 {total} 步",
    "lesson.jump": "跳到",
    "lesson.open": "用这些设置打开“{page}”",
    "lesson.open_help": "用下面的设置打开页面；点侧边栏中的“课程”回到这里。",
    "lesson.settings": "**设置**：{text}",
    "lesson.predict": "1 · 预测",
    "lesson.experiment": "2 · 实验",
    "lesson.explain": "3 · 解释",
    "lesson.your_answer": "你的预测",
    "lesson.reveal": "显示答案",
    "lesson.reveal_help": "请先选择一个预测。",
    "lesson.right": "答对了：{answer}",
    "lesson.wrong": "你的预测是“{guess}”。答案：{answer}",
    "lesson.vary": "**接下来可以改变什么。** {text}",
    "lesson.back": "上一步",
    "lesson.next": "下一步",
    "lesson.link": "本步链接",
    "lesson.link_caption": "打开课程的这一步，发给全班或某个学生：",
    "lesson.back_to": "课程 · 第 {n} 步：{title}",
    # 1
    "lesson.loop.title": "智能体与环境的循环，以及随机的 CartPole",
    "lesson.loop.intro": (
        "每个环境对 `reset()` 返回第一个观测，对 `step(action)` 返回五元组"
        "`(observation, reward, terminated, truncated, info)`。在 CartPole 中，智能体把小车向左（0）"
        "或向右（1）推；杆子每立住一步得 +1 奖励，杆子倒下时回合结束（CartPole-v1 最多 500 步）。"
    ),
    "lesson.loop.settings": "CartPole，种子 0，随机智能体最多执行 100 步。",
    "lesson.loop.question": "随机智能体随机地向左或向右推。杆子能立住多久？",
    "lesson.loop.choice_under_50": "不到 50 步",
    "lesson.loop.choice_about_200": "大约 200 步",
    "lesson.loop.choice_limit_500": "整整 500 步",
    "lesson.loop.experiment": "点击**{button}**，看五元组表格逐行填满，再回放这个回合。",
    "lesson.loop.explain": (
        "种子 0 时杆子在第 18 步倒下：`terminated` 变为 `True`，回报是 18。随机的推动会让小小的倾斜"
        "越来越大，没有任何东西去纠正它。学习者必须做得比这好得多——这正是 CartPole 各页面的内容。"
    ),
    "lesson.loop.vary": "换一个种子：随机回合大约持续 10 到 40 步。然后用 ← 和 → 手动操作，试着赢过随机智能体。",
    # 2
    "lesson.maze.title": "迷宫与 θ₀",
    "lesson.maze.intro": (
        "3×3 迷宫：状态 S0 … S8，起点 S0，终点 S8，红色的墙位于 S1|S4、S3|S4、S3|S6 和 S5|S8 之间。"
        "θ₀ 是一张表，每个状态一行、每个动作一列（0 ↑，1 →，2 ↓，3 ←）：允许的移动为 1，"
        "被墙或边界挡住的为 NaN。"
    ),
    "lesson.maze.settings": "讲义中的迷宫，θ₀，朴素策略 π。",
    "lesson.maze.question": "在 S3（中间一行最左边的格子）这一行，θ₀ 允许几个动作？",
    "lesson.maze.choice_one": "1 个",
    "lesson.maze.choice_two": "2 个",
    "lesson.maze.choice_three": "3 个",
    "lesson.maze.experiment": "在 θ₀ 热力图中找到 S3，再看随机游走如何经过它。",
    "lesson.maze.explain": (
        "只有 ↑（回到 S0）：S3|S4 和 S3|S6 的墙挡住了 → 和 ↓，← 会走出网格。"
        "所以 θ₀(S3, ·) = (1, NaN, NaN, NaN)，S3 是死胡同。这些墙也让最短路径变成 6 步："
        "S0→S1→S2→S5→S4→S7→S8。"
    ),
    "lesson.maze.vary": "再读一行，例如 S7，并与图中的墙对照。",
    # 3
    "lesson.policy.title": "朴素策略 π 与 softmax 策略 π",
    "lesson.policy.intro": (
        "把 θ 变成策略有两种方法：朴素策略 π(s, a) = θ(s, a) / Σₐ θ(s, a)，以及 softmax 策略 "
        "π(s, a) = exp(β θ(s, a)) / Σₐ exp(β θ(s, a))，其中 β = 1/T 是逆温度。"
        "β 越大，softmax 越偏向 θ 较大的动作。"
    ),
    "lesson.policy.settings": "θ₀，softmax 策略 π 以 β = 5 显示，随机游走使用 softmax 策略。",
    "lesson.policy.question": "在 θ₀ 且 β = 5 时，softmax 策略 π 与朴素策略 π 相比如何？",
    "lesson.policy.choice_same": "完全相同：每个允许的动作概率相等",
    "lesson.policy.choice_softmax_sharper": "softmax 策略把大部分概率放在一个动作上",
    "lesson.policy.choice_softmax_walls": "softmax 策略给墙也分了一点概率",
    "lesson.policy.experiment": "比较朴素策略和 softmax 策略的热力图，再把 β 滑块从 0.1 拖到 10。",
    "lesson.policy.explain": (
        "完全相同，与 β 无关：θ₀ 中每个允许的动作 θ 都是 1，所以所有 exp(β θ) 相等，"
        "softmax 像朴素策略一样平均分配概率。墙的概率始终为 0（其 θ 为 NaN）。"
        "只有当 θ 彼此不同（例如训练之后）时，β 才起作用。"
    ),
    "lesson.policy.vary": "完成策略梯度那一步后，把显示的 θ 切换为学到的 θ，再拖动 β。",
    # 4
    "lesson.pg.title": "策略梯度",
    "lesson.pg.intro": (
        "每个回合结束后 θ ← θ + η Δθ，其中 Δθ(s, a) = (N(s, a) − π(s, a) N(s)) / T，"
        "N 统计该回合中的动作次数，T 是该回合的步数。当 Σ|Δπ| < ε，即策略几乎不再变化时，训练停止。"
    ),
    "lesson.pg.settings": "η = 0.1，β = 1，Σ|Δπ| < 10⁻⁴ 时停止，最多 10,000 个回合，种子 0。",
    "lesson.pg.question": "训练会在 10,000 个回合之前自己停下来吗？停在哪条路径上？",
    "lesson.pg.choice_stops_optimal": "会，停在 6 步的最短路径上",
    "lesson.pg.choice_stops_longer": "会，但停在更长的路径上",
    "lesson.pg.choice_never_stops": "不会，10,000 个回合全部跑完",
    "lesson.pg.experiment": "点击**{button}**，看回合长度下降、θ 变化。",
    "lesson.pg.explain": (
        "它在第 8,653 回合停止，贪心路径为 6 步。每个回合都会按使用次数的比例提高所用动作的概率；"
        "短的回合 1/T 大，所以短路径胜出。随着 π 稳定下来，Δπ 越来越小，直到 Σ|Δπ| 低于 10⁻⁴。"
    ),
    "lesson.pg.vary": "试试 η = 1（停得早得多），或 η = 0.001：迷宫还没学会，Σ|Δπ| 就已低于阈值。",
    # 5
    "lesson.sarsa.title": "SARSA",
    "lesson.sarsa.intro": (
        "SARSA 学习动作价值：Q(s, a) ← Q(s, a) + η (r + γ Q(s′, a′) − Q(s, a))，"
        "其中 a′ 是它真正执行的下一个动作（同策略）。它按 ε-贪心选择动作：以概率 ε 随机移动，"
        "否则选 Q 最大的动作。与讲义一样，Q 的初始值在 [0, 1) 内随机。"
    ),
    "lesson.sarsa.settings": "SARSA，每个回合 ε = 0（始终贪心），η = 0.1，γ = 0.9，100 个回合，种子 0。",
    "lesson.sarsa.question": "ε = 0 时，SARSA 能找到 6 步的路径吗？",
    "lesson.sarsa.choice_finds": "能，在一个很长的第一回合之后",
    "lesson.sarsa.choice_stuck": "不能，它一直走第一条路，永远到不了 S8",
    "lesson.sarsa.choice_needs_eps": "不能，只有 ε > 0 才行",
    "lesson.sarsa.experiment": "点击**{button}**，观察 Q 表和回合长度。",
    "lesson.sarsa.explain": (
        "能。第一回合绕了 138 步，接下来几个回合都是 6 步。探索来自 [0, 1) 内随机的初始值："
        "贪心动作每绕一圈，它的 Q 就朝 γ 乘以下一个价值下降，直到另一个动作看起来更好。"
        "第 10 到 29 回合大多会绕 8 到 12 步：路径上的价值稳定到 γᵏ 时，有些没试过的动作看起来仍然更好，"
        "贪心就去试它们。从第 30 回合起每个回合都是 6 步，Q(S0, →) 逐渐升向 γ⁵ ≈ 0.59（100 个回合后为 0.58）。"
    ),
    "lesson.sarsa.vary": "试试种子 1 到 4：有的第一回合在找到路径之前就撞上了 500 步的上限。然后把 ε₀ 设为 0.5、每回合减半（讲义）。",
    # 6
    "lesson.qlearning.title": "Q 学习",
    "lesson.qlearning.intro": (
        "Q 学习用最好的下一个动作，而不是实际执行的动作："
        "Q(s, a) ← Q(s, a) + η (r + γ maxₐ′ Q(s′, a′) − Q(s, a))。"
        "它按 ε-贪心行动，却学习贪心策略的价值（异策略）。"
    ),
    "lesson.qlearning.settings": "Q 学习，ε₀ = 0.5 且每回合减半（讲义），η = 0.1，γ = 0.9，200 个回合，种子 0。",
    "lesson.qlearning.question": "到达 S8 时奖励为 1，其余为 0。Q(S0, →) 会学到什么值？",
    "lesson.qlearning.choice_one": "1",
    "lesson.qlearning.choice_gamma": "γ = 0.9",
    "lesson.qlearning.choice_gamma5": "γ⁵ ≈ 0.59",
    "lesson.qlearning.experiment": "点击**{button}**，然后读 Q 表中 S0 这一行。",
    "lesson.qlearning.explain": (
        "γ⁵ = 0.9⁵ ≈ 0.59。从 S0 出发最好的路径要 6 步，只有最后一步有奖励，"
        "所以第一步之后奖励还在 5 步之外：它的价值被折扣了 5 次。沿路径的价值依次为 "
        "0.59、0.66、0.73、0.81、0.9、1。"
    ),
    "lesson.qlearning.vary": "设 γ = 0.5：沿路径的价值下降得快得多。然后选“两者对比”，在相同种子上与 SARSA 比较。",
    # 7
    "lesson.bins.title": "把 CartPole 分成区间：一张 Q 表",
    "lesson.bins.intro": (
        "CartPole 的观测 (x, ẋ, θ, θ̇) 是连续的。讲义把它们分别截断到 ±2.4、±3、±0.418 rad 和 ±2，"
        "再切成若干区间；状态编号为 Σ dᵢ · 区间数ⁱ，Q 表每个状态一行。ε = 0.5/(回合 + 1)，"
        "过早倒下奖励 −1，成功奖励 +1。"
    ),
    "lesson.bins.settings": "CartPole-v1，每维 6 个区间，η = 0.5，γ = 0.99，1,000 个回合，种子 0。",
    "lesson.bins.question": "4 个数各分 6 个区间，共 6⁴ = 1,296 个状态。1,000 个回合里智能体会访问多少个？",
    "lesson.bins.choice_all": "全部 1,296 个",
    "lesson.bins.choice_third": "大约三分之一",
    "lesson.bins.choice_few": "不到 50 个",
    "lesson.bins.experiment": "点击**{button}**，观察访问过的状态数和回合长度。",
    "lesson.bins.explain": (
        "1,296 个中的 420 个，大约三分之一。杆子立稳时，四个数都待在一个窄范围内："
        "大多数组合（向右快速移动同时向左大幅倾斜……）根本不会出现。"
        "在第 438 回合，连续十个回合达到 475 步。"
    ),
    "lesson.bins.vary": "试试 3 个和 12 个区间：太少分不清好坏状态，太多则表的大部分从未访问，学习变慢。",
    # 8
    "lesson.dqn.title": "DQN",
    "lesson.dqn.intro": (
        "用一个 4 → 隐藏层 → 2 的网络代替 Q 表。每一步存入经验回放池，再从中随机抽取小批量学习，"
        "使用 Huber 损失；目标网络让目标更稳定。橙色曲线是贪心评估（ε = 0，20 个回合）。"
    ),
    "lesson.dqn.settings": "页面的快速设置，CartPole-v1，20,000 个环境步，种子 3。",
    "lesson.dqn.question": "在这 20,000 步里，贪心评估会……",
    "lesson.dqn.choice_stays": "上升，一旦升高就保持在那里",
    "lesson.dqn.choice_falls": "上升，然后至少有一次跌到远低于之前的最好值",
    "lesson.dqn.choice_never": "根本起不来：一直低于 50",
    "lesson.dqn.experiment": "点击**{button}**，一直看到橙色评估曲线结束。",
    "lesson.dqn.explain": (
        "会跌回去，往往不止一次，一跌就是一百以上。智能体学会平衡后，回放池里全是平衡时的状态；"
        "网络忘记了快要倒下时该怎么做，Q 值也随之漂移。具体的曲线取决于种子，甚至取决于处理器："
        "求和的顺序不同，几千次更新之后一次运行就不一样了。换其他种子也会同样地起起落落。"
        "如果它达到过 475，页面的结论会写出是什么时候，以及现在是否仍然达到。"
    ),
    "lesson.dqn.vary": "在评估最好时停下（暂停，然后下载权重），或试试每 500 步硬拷贝一次的目标网络。",
    # 9
    "lesson.reinforce.title": "REINFORCE",
    "lesson.reinforce.intro": (
        "一个网络通过 softmax 输出 π(a|s)。每个回合结束后，把回报 G_t = Σ γᵏ r_{t+k+1} 标准化，"
        "损失 −Σ log π(a_t|s_t) G_t 会让长时间平衡之前的动作更可能被选中。"
    ),
    "lesson.reinforce.settings": "页面的快速设置（4-64-2，Adam 0.01，γ = 0.99，熵奖励 0.01），500 个回合，种子 0。",
    "lesson.reinforce.question": "贪心评估什么时候第一次达到 475（CartPole-v1 已解决）？",
    "lesson.reinforce.choice_under_100": "100 个回合以内",
    "lesson.reinforce.choice_about_500": "接近 500 个回合结束时",
    "lesson.reinforce.choice_never": "500 个回合内达不到",
    "lesson.reinforce.experiment": "点击**{button}**，观察回报曲线和评估。",
    "lesson.reinforce.explain": (
        "100 个回合以内：评估的平均回报在第 100 回合之前、前几次评估中就超过 475。小网络配大学习率，"
        "再加上标准化的回报，在这里学得很快（其他种子大多也是）；讲义自己的设置（Adam 10⁻⁴，γ = 0.9）要慢得多。"
    ),
    "lesson.reinforce.vary": "选择讲义的预设来比较；或关掉标准化，看回报如何大起大落。",
    # 10
    "lesson.lab.title": "实验室：一次运行多个种子",
    "lesson.lab.intro": (
        "一次运行只是一个种子；实验室一次运行许多个，并画出均值和 95 % 置信带。"
        "预设是 Sutton & Barto 的图 6.4：悬崖行走，ε = 0.1，η = 0.5，50 个种子 × 500 个回合，SARSA 对比 Q 学习。"
    ),
    "lesson.lab.settings": "Sutton & Barto 的图 6.4（CliffWalking，50 个种子，500 个回合）。",
    "lesson.lab.question": "学习过程中，谁每回合的回报更高？",
    "lesson.lab.choice_sarsa": "SARSA",
    "lesson.lab.choice_q_learning": "Q 学习",
    "lesson.lab.choice_same": "一样，在置信带之内",
    "lesson.lab.experiment": "点击**{button}**，观察两条均值曲线。",
    "lesson.lab.explain": (
        "SARSA：最后 100 个回合平均每回合约 −28，Q 学习约 −50。Q 学习学到的是贴着悬崖边的最短路径，"
        "但它的 ε-贪心随机动作会让它掉下悬崖（−100）。SARSA 学习的是它自己所遵循的 ε-贪心策略的价值，"
        "所以走一条离悬崖更远、更安全的路。"
    ),
    "lesson.lab.vary": "设 ε = 0 看贪心回报：这时 Q 学习的路径更好。或者用图 6.3 的预设扫描 η。",
    # 11
    "lesson.dp.title": "动态规划：已知模型时",
    "lesson.dp.intro": (
        "已知 P 和 R 时，可以对所有状态同时使用贝尔曼方程。策略评估一轮一轮地扫描 "
        "V(s) ← Σₐ π(a|s) Σ p(s′, r|s, a) (r + γ V(s′))，直到最大变化 Δ 小于 θ。"
        "Sutton & Barto 的例 4.1：4×4 网格，两个角是终点，每步奖励 −1，随机策略。"
    ),
    "lesson.dp.settings": "例 4.1，对随机策略做策略评估，γ = 1，θ = 10⁻⁴。",
    "lesson.dp.question": "扫描收敛后，紧挨终点角的格子的 V 是多少？",
    "lesson.dp.choice_minus1": "−1",
    "lesson.dp.choice_minus14": "−14",
    "lesson.dp.choice_minus22": "−22",
    "lesson.dp.experiment": "点击**{button}**，看 V 一轮一轮地填满。",
    "lesson.dp.explain": (
        "−14。一步就能结束回合，但随机策略只有四分之一的概率走这一步，其余时候到处乱走："
        "平均要走 14 步才结束。最远的角是 −22。"
    ),
    "lesson.dp.vary": "切换到价值迭代：几轮扫描就得到最优的 V（紧挨角的格子为 −1）。",
}
