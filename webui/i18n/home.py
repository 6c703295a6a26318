"""Text of the home page: what the playground is and one line per page."""

EN = {
    "home.title": "Reinforcement learning playground",
    "home.intro": (
        "Watch an **agent** learn by trial and error. Every page turns one part of the course "
        "notes into something you can run: pick the settings, press **Train**, and see the "
        "tables, policies and curves change as the agent learns. Everything runs in your "
        "browser session; the address bar always holds a link that reproduces what you see."
    ),
    "home.how": (
        "Start with **Environment basics** to see the loop every page builds on: the agent "
        "picks an **action**, the **environment** answers with the next **state** and a "
        "**reward**. Switch the language at the top of the sidebar."
    ),
    "home.pages": "Pages",
    "home.open": "Open",
    "home.desc_lesson": "The notes in eleven steps: open each page with its settings, predict, train, and read why.",
    "home.desc_basics": "Reset, step by hand or let a random agent play: the agent–environment loop on the maze and on CartPole.",
    "home.desc_concepts": "Reward, return and the discount γ: how future rewards are weighed.",
    "home.desc_maze_policy": "θ, the naive and softmax policies, and policy gradient learning the maze.",
    "home.desc_maze_td": "SARSA and Q-learning side by side: Q tables, TD errors and one step at a time.",
    "home.desc_dp": "Policy evaluation, policy iteration and value iteration, sweep by sweep, when the model is known.",
    "home.desc_grid_editor": "Draw a grid world by clicks — walls, holes, cliffs, goals — share it by link or JSON.",
    "home.desc_cartpole_q": "Cut CartPole's continuous state into bins and learn a Q table.",
    "home.desc_cartpole_dqn": "A neural network replaces the Q table: experience replay, Huber loss, target network.",
    "home.desc_cartpole_reinforce": "Learn the policy directly: a softmax network trained on discounted returns.",
    "home.desc_lab": "Many seeds at once: compare algorithms with confidence intervals, sweep a setting, reproduce Sutton & Barto's figures.",
}

ZH = {
    "home.title": "强化学习游乐场",
    "home.intro": (
        "看**智能体**如何通过试错来学习。每个页面都把讲义中的一部分变成可以动手运行的实验："
        "选好设置，点击**训练**，就能看到表格、策略和曲线随着学习不断变化。"
        "所有内容都在你自己的浏览器会话中运行；地址栏里始终是一个能复现当前画面的链接。"
    ),
    "home.how": (
        "建议从**环境基础**开始，先看清所有页面共同的循环：智能体选择一个**动作**，"
        "**环境**返回下一个**状态**和一个**奖励**。语言可以在侧边栏顶部切换。"
    ),
    "home.pages": "页面",
    "home.open": "打开",
    "home.desc_lesson": "按讲义分十一步：用设好的参数打开每个页面，先预测，再训练，最后看原因。",
    "home.desc_basics": "重置环境、手动执行动作或让随机智能体来玩：在迷宫和 CartPole 上观察智能体与环境的交互循环。",
    "home.desc_concepts": "奖励、回报与折扣率 γ：未来的奖励如何被加权。",
    "home.desc_maze_policy": "参数 θ、朴素策略与 softmax 策略，以及用策略梯度学会走迷宫。",
    "home.desc_maze_td": "SARSA 与 Q 学习并排对比：Q 表、TD 误差，以及逐步执行的每一次更新。",
    "home.desc_dp": "已知模型时的策略评估、策略迭代与价值迭代，一轮一轮地扫描。",
    "home.desc_grid_editor": "点击绘制网格世界——墙、冰洞、悬崖、终点——并通过链接或 JSON 分享。",
    "home.desc_cartpole_q": "把 CartPole 的连续状态离散化成若干区间，学习一张 Q 表。",
    "home.desc_cartpole_dqn": "用神经网络代替 Q 表：经验回放、Huber 损失与目标网络。",
    "home.desc_cartpole_reinforce": "直接学习策略：用折扣回报训练一个 softmax 策略网络。",
    "home.desc_lab": "一次运行多个种子：用置信区间比较算法、扫描一个设置、复现 Sutton & Barto 的图。",
}
