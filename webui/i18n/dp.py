"""Text of the dynamic-programming page (policy evaluation, policy iteration, value iteration)."""

EN = {
    "dp.title": "Dynamic programming: planning with a known model",
    "dp.intro": (
        "When the environment's model is known — for every state s and action a, the "
        "probability p(s′, r | s, a) of each next state and reward — the values can be "
        "**computed** instead of learned. Each **sweep** backs up every state once from the "
        "previous sweep's values; the sweeps stop once the largest change Δ is below θ."
    ),
    "dp.problem": "Environment",
    "dp.slippery_note": (
        "**Slippery ice.** The agent moves where it intends with probability 1/3 and slips "
        "at a right angle, to either side, with 1/3 each (a move into the border or a wall "
        "leaves it where it is). The backup below lists these outcomes for the chosen cell."
    ),
    "dp.method": "Method",
    "dp.method_evaluation": "Policy evaluation",
    "dp.method_policy_iteration": "Policy iteration",
    "dp.method_value_iteration": "Value iteration",
    "dp.gamma": "Discount γ",
    "dp.theta": "Stop threshold θ",
    "dp.theta_help": "The run stops after the first sweep whose largest change Δ is below θ.",
    "dp.rule_evaluation": "Policy evaluation of the equiprobable random policy π(a|s) = 1/4:",
    "dp.rule_policy_iteration": (
        "Policy iteration: evaluate the current policy π until Δ < θ, then make it greedy, "
        "π(s) ← argmaxₐ q(s, a); stop when the greedy step changes no action. It starts "
        "from the equiprobable random policy."
    ),
    "dp.rule_value_iteration": "Value iteration: back up with the best action at once:",
    "dp.step": "Step",
    "dp.step10": "Step ×10",
    "dp.run": "Run",
    "dp.reset": "Reset",
    "dp.status_start": "No sweep yet: V = 0 everywhere. Press Step or Run.",
    "dp.status_sweep": "Sweep {k}: largest change Δ = {delta}.",
    "dp.status_converged": "Converged after {k} sweeps: Δ = {delta} < θ = {theta}.",
    "dp.status_stable": "Policy stable after {k} sweeps and {n} improvement steps.",
    "dp.status_improved": "Improvement steps so far changed {changes} actions.",
    "dp.status_cap": (
        "Stopped after {k} sweeps without reaching Δ < θ. With γ = 1 a policy that can go "
        "on forever has no finite value; try γ < 1."
    ),
    "dp.grid_caption_evaluation": "Arrows: the greedy policy of the current V (ties drawn both ways).",
    "dp.grid_caption_policy_iteration": "Arrows: the policy being evaluated.",
    "dp.grid_caption_value_iteration": "Arrows: the greedy policy of the current V (ties drawn both ways).",
    "dp.v_title": "State values V(s)",
    "dp.col": "column",
    "dp.row": "row",
    "dp.policy_title": "Policy as arrows, cell by cell",
    "dp.delta_title": "Largest change Δ per sweep",
    "dp.delta_name": "Δ",
    "dp.sweep_x": "sweep",
    "dp.delta_y": "Δ (log scale)",
    "dp.theta_line": "θ = {theta}",
    "dp.delta_none": "The chart fills in as you sweep.",
    "dp.backup_title": "One Bellman backup, with its numbers",
    "dp.backup_body_optimality": (
        "What the next sweep computes for the chosen cell: each action's value q(s, a) "
        "from the current V, then the best of them."
    ),
    "dp.backup_body_expectation": (
        "What the next sweep computes for the chosen cell: each action's value q(s, a) "
        "from the current V, weighed by the policy's probabilities π(a|s)."
    ),
    "dp.click_hint": "Click a cell of V to write out its Bellman backup below.",
    "dp.slip_caption": "Where {a} from S{cell} may lead on the ice: one arrow per possible move, the likelier the longer; it stays put with probability {stay}.",
    "dp.blocked": "S{cell} is a wall or cliff cell: the agent is never there.",
}

ZH = {
    "dp.title": "动态规划：已知模型时的规划",
    "dp.intro": (
        "当环境的模型已知——即对每个状态 s 和动作 a，都知道下一状态与奖励的概率 "
        "p(s′, r | s, a)——价值就可以直接**计算**出来，而不必靠试错学习。每一**轮扫描**都用上一轮"
        "的价值把所有状态各更新一次；当最大变化量 Δ 小于 θ 时停止。"
    ),
    "dp.problem": "环境",
    "dp.slippery_note": (
        "**冰面打滑。** 智能体以 1/3 的概率走向想去的方向，并各以 1/3 的概率滑向与之垂直的两侧"
        "（撞到边界或墙则留在原地）。下方的贝尔曼备份列出了所选格子的这三种结果。"
    ),
    "dp.method": "方法",
    "dp.method_evaluation": "策略评估",
    "dp.method_policy_iteration": "策略迭代",
    "dp.method_value_iteration": "价值迭代",
    "dp.gamma": "折扣因子 γ",
    "dp.theta": "停止阈值 θ",
    "dp.theta_help": "当某一轮扫描的最大变化量 Δ 小于 θ 时，计算停止。",
    "dp.rule_evaluation": "评估等概率随机策略 π(a|s) = 1/4：",
    "dp.rule_policy_iteration": (
        "策略迭代：先评估当前策略 π 直到 Δ < θ，再把它改为贪心策略 π(s) ← argmaxₐ q(s, a)；"
        "当贪心改进不再改变任何动作时停止。初始策略为等概率随机策略。"
    ),
    "dp.rule_value_iteration": "价值迭代：每次备份直接取最优动作：",
    "dp.step": "单步",
    "dp.step10": "前进 10 轮",
    "dp.run": "运行到底",
    "dp.reset": "重置",
    "dp.status_start": "尚未扫描：所有状态 V = 0。点击“单步”或“运行到底”。",
    "dp.status_sweep": "第 {k} 轮扫描：最大变化量 Δ = {delta}。",
    "dp.status_converged": "经过 {k} 轮扫描后收敛：Δ = {delta} < θ = {theta}。",
    "dp.status_stable": "经过 {k} 轮扫描、{n} 次策略改进后，策略不再变化。",
    "dp.status_improved": "到目前为止，策略改进共改变了 {changes} 个动作。",
    "dp.status_cap": (
        "扫描 {k} 轮后仍未达到 Δ < θ，已停止。当 γ = 1 时，可能永远走不到终点的策略没有有限的"
        "价值；请试试 γ < 1。"
    ),
    "dp.grid_caption_evaluation": "箭头：当前 V 下的贪心策略（并列最优时画出全部方向）。",
    "dp.grid_caption_policy_iteration": "箭头：正在评估的策略。",
    "dp.grid_caption_value_iteration": "箭头：当前 V 下的贪心策略（并列最优时画出全部方向）。",
    "dp.v_title": "状态价值 V(s)",
    "dp.col": "列",
    "dp.row": "行",
    "dp.policy_title": "逐格的策略箭头",
    "dp.delta_title": "每轮扫描的最大变化量 Δ",
    "dp.delta_name": "Δ",
    "dp.sweep_x": "扫描轮次",
    "dp.delta_y": "Δ（对数坐标）",
    "dp.theta_line": "θ = {theta}",
    "dp.delta_none": "随着扫描进行，图表会逐步画出。",
    "dp.backup_title": "一次贝尔曼备份及其数值",
    "dp.backup_body_optimality": "下一轮扫描对所选格子的计算：先用当前 V 求每个动作的价值 q(s, a)，再取其中最大者。",
    "dp.backup_body_expectation": "下一轮扫描对所选格子的计算：先用当前 V 求每个动作的价值 q(s, a)，再按策略概率 π(a|s) 加权求和。",
    "dp.click_hint": "点击 V 中的一个格子，下方写出它的贝尔曼备份。",
    "dp.slip_caption": "在冰面上从 S{cell} 选择 {a} 可能到达的位置：每个可能的移动画一个箭头，概率越大箭头越长；留在原地的概率为 {stay}。",
    "dp.blocked": "S{cell} 是墙或悬崖格：智能体不会停留在那里。",
}
