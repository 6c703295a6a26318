"""The core's errors (``playground.errors.CoreError``), by code; ``webui.errors.describe``
shows them. The English text matches the exception's own ``str()``. A parameter with a
text of its own, ``errors.param.<param>_<value>`` (the algorithm, a number that became infinite
or NaN), is shown as that text: the page names an algorithm as its own labels do."""

_DQN_WHERE = (
    " at env step {step} (gradient step {gradient_step}); training stopped. The network was "
    "restored to its state at the end of episode {episode}. Try a smaller learning rate, "
    "gradient clipping or the Huber loss."
)
_DQN_WHERE_ZH = (
    "（环境第 {step} 步，第 {gradient_step} 次梯度更新），训练已停止。网络已恢复到第 {episode} "
    "回合结束时的状态。请尝试更小的学习率、梯度裁剪或 Huber 损失。"
)
_REINFORCE_WHERE = (
    " at episode {episode}; training stopped. The network was restored to its state before "
    "that episode's update. Try a smaller learning rate."
)
_REINFORCE_WHERE_ZH = (
    "（第 {episode} 回合），训练已停止。网络已恢复到该回合更新之前的状态。请尝试更小的学习率。"
)

EN = {
    "errors.q_diverged": (
        "{algo}: Q({state}, {action}) became {value} at episode {episode}; "
        "lower η or γ (Q keeps its last finite values)"
    ),
    "errors.diverged_earlier": "this run diverged earlier; start a new Trainer and agent",
    "errors.dqn_loss": "The TD loss became {value}" + _DQN_WHERE,
    "errors.dqn_q_too_large": (
        "A Q-value reached {value} (no CartPole return exceeds {limit})" + _DQN_WHERE
    ),
    "errors.reinforce_loss": "The loss became {value}" + _REINFORCE_WHERE,
    "errors.reinforce_weights": "The weights became NaN or infinite" + _REINFORCE_WHERE,
    "errors.param.algo_sarsa": "SARSA",
    "errors.param.algo_q_learning": "Q-learning",
    "errors.param.algo_policy_gradient": "Policy gradient",
    "errors.param.value_inf": "+∞",
    "errors.param.value_-inf": "−∞",
    "errors.param.value_nan": "NaN",
}

ZH = {
    "errors.q_diverged": (
        "{algo}：Q({state}, {action}) 在第 {episode} 回合变为 {value}；"
        "请调低 η 或 γ（Q 保留最后的有限值）"
    ),
    "errors.diverged_earlier": "这次训练之前已发散；请重新开始训练",
    "errors.dqn_loss": "TD 损失变为 {value}" + _DQN_WHERE_ZH,
    "errors.dqn_q_too_large": (
        "某个 Q 值达到 {value}（CartPole 的回报不会超过 {limit}）" + _DQN_WHERE_ZH
    ),
    "errors.reinforce_loss": "损失变为 {value}" + _REINFORCE_WHERE_ZH,
    "errors.reinforce_weights": "网络权重出现 NaN 或无穷大" + _REINFORCE_WHERE_ZH,
    "errors.param.algo_sarsa": "SARSA",
    "errors.param.algo_q_learning": "Q 学习",
    "errors.param.algo_policy_gradient": "策略梯度",
    "errors.param.value_inf": "+∞",
    "errors.param.value_-inf": "−∞",
    "errors.param.value_nan": "NaN",
}
