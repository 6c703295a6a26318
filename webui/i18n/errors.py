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

# The Lab's codes (playground.lab.errors: LabError, LabWarning).
_LAB_EN = {
    "errors.lab_unknown_env": "unknown environment {name}; choose one of {known}",
    "errors.lab_env_setting": "{env} takes no setting {name} (settings: {allowed})",
    "errors.lab_frozenlake_map": "FrozenLake's map must be 4x4, 8x8 or random, got {value}",
    "errors.lab_random_map": (
        "the random map's {name} must be an integer in [{low}, {high}], got {value}"
    ),
    "errors.lab_step_reward": "the step reward must be in [-1, 0], got {value}",
    "errors.lab_eta": "η must be positive and finite, got {value}",
    "errors.lab_gamma": "γ must be in [0, 1], got {value}",
    "errors.lab_cartpole_states": "{n} discretised states is too many (at most {most}: 12 bins per dimension)",
    "errors.lab_unknown_algorithm": "unknown algorithm {name}; choose one of {known}",
    "errors.lab_unknown_setting": "{algorithm} has no setting {name} (settings: {allowed})",
    "errors.lab_wrong_env": "{algorithm} does not run on {env}; it runs on {runs_on}",
    "errors.lab_bad_setting": "{algorithm}: {reason}",
    "errors.lab_grid": "the custom grid cannot be used: {reason}",
    "errors.lab_sweep_settings": "a sweep varies one or two settings, got {n}",
    "errors.lab_sweep_empty": "the sweep over {name} has no values",
    "errors.lab_sweep_too_many": "the sweep over {name} has {count} values (at most {most})",
    "errors.lab_sweep_repeats": "the sweep over {name} repeats a value",
    "errors.lab_sweep_unknown": "{algorithm} has no setting {name} to sweep",
    "errors.lab_algorithm_count": "choose 1 to {most} algorithms, got {n}",
    "errors.lab_not_integer": "{name} must be an integer, got {value}",
    "errors.lab_seeds_range": "the number of seeds must be in [{low}, {high}], got {value}",
    "errors.lab_episodes_range": "episodes per run must be in [{low}, {high}], got {value}",
    "errors.lab_seed_range": "the experiment seed must be in [{low}, {high}], got {value}",
    "errors.lab_too_many_jobs": (
        "this experiment would run {jobs} jobs ({algorithms} algorithms × {points} settings × "
        "{seeds} seeds); the limit is {limit}: use fewer values or seeds"
    ),
    "errors.lab_not_experiment": "not an experiment description: {reason}",
    "errors.lab_no_finished_run": (
        "no run of {label} finished, so it has no statistics ({n} of {seeds} runs did not "
        "finish): {reasons}"
    ),
    "errors.lab_unfinished_runs": "{n} of {total} runs did not finish: {reasons}",
    "errors.lab_not_run": "not run: the run was stopped first",
    "errors.lab_no_result": "no result came back",
    "errors.lab_worker_died": "a worker process died: {why}",
    "errors.lab_task_failed": "{error}",
    "errors.lab_ray_no_answer": (
        "the Ray cluster at {address} did not answer within {timeout} s; running on {workers} "
        "local processes instead"
    ),
    "errors.lab_ray_missing": (
        "Ray is not installed (pip install -r requirements-ray.txt); running on {workers} "
        "local processes instead"
    ),
    "errors.lab_ray_error": (
        "could not connect to Ray at {address}: {error}; running on {workers} local processes "
        "instead"
    ),
}

_LAB_ZH = {
    "errors.lab_unknown_env": "未知的环境 {name}；可选：{known}",
    "errors.lab_env_setting": "{env} 没有设置 {name}（可用设置：{allowed}）",
    "errors.lab_frozenlake_map": "FrozenLake 的地图只能是 4x4、8x8 或随机地图，收到 {value}",
    "errors.lab_random_map": "随机地图的 {name} 必须是 [{low}, {high}] 内的整数，收到 {value}",
    "errors.lab_step_reward": "每步奖励必须在 [-1, 0] 内，收到 {value}",
    "errors.lab_eta": "η 必须是有限正数，收到 {value}",
    "errors.lab_gamma": "γ 必须在 [0, 1] 内，收到 {value}",
    "errors.lab_cartpole_states": "离散化后有 {n} 个状态，太多了（最多 {most}：每个维度 12 个区间）",
    "errors.lab_unknown_algorithm": "未知的算法 {name}；可选：{known}",
    "errors.lab_unknown_setting": "{algorithm} 没有设置 {name}（可用设置：{allowed}）",
    "errors.lab_wrong_env": "{algorithm} 不能在 {env} 上运行；它可用于：{runs_on}",
    "errors.lab_bad_setting": "{algorithm}：{reason}",
    "errors.lab_grid": "无法使用这个自定义网格：{reason}",
    "errors.lab_sweep_settings": "扫描只能改变一个或两个设置，收到 {n} 个",
    "errors.lab_sweep_empty": "对 {name} 的扫描没有任何取值",
    "errors.lab_sweep_too_many": "对 {name} 的扫描有 {count} 个取值（最多 {most} 个）",
    "errors.lab_sweep_repeats": "对 {name} 的扫描有重复的取值",
    "errors.lab_sweep_unknown": "{algorithm} 没有可扫描的设置 {name}",
    "errors.lab_algorithm_count": "请选择 1 到 {most} 个算法，收到 {n} 个",
    "errors.lab_not_integer": "{name} 必须是整数，收到 {value}",
    "errors.lab_seeds_range": "种子数必须在 [{low}, {high}] 内，收到 {value}",
    "errors.lab_episodes_range": "每次运行的回合数必须在 [{low}, {high}] 内，收到 {value}",
    "errors.lab_seed_range": "实验种子必须在 [{low}, {high}] 内，收到 {value}",
    "errors.lab_too_many_jobs": (
        "这个实验需要运行 {jobs} 次（{algorithms} 个算法 × {points} 组设置 × {seeds} 个种子）；"
        "上限是 {limit} 次：请减少取值或种子数"
    ),
    "errors.lab_not_experiment": "这不是一个实验描述：{reason}",
    "errors.lab_no_finished_run": (
        "{label} 没有任何运行完成，因此没有统计结果（{seeds} 次运行中有 {n} 次未完成）：{reasons}"
    ),
    "errors.lab_unfinished_runs": "{total} 次运行中有 {n} 次未完成：{reasons}",
    "errors.lab_not_run": "未运行：运行在此之前已停止",
    "errors.lab_no_result": "没有返回结果",
    "errors.lab_worker_died": "一个工作进程意外退出：{why}",
    "errors.lab_task_failed": "{error}",
    "errors.lab_ray_no_answer": (
        "位于 {address} 的 Ray 集群在 {timeout} 秒内没有响应；改为在本机的 {workers} 个进程上运行"
    ),
    "errors.lab_ray_missing": (
        "未安装 Ray（pip install -r requirements-ray.txt）；改为在本机的 {workers} 个进程上运行"
    ),
    "errors.lab_ray_error": (
        "无法连接到位于 {address} 的 Ray：{error}；改为在本机的 {workers} 个进程上运行"
    ),
}


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
    **_LAB_EN,
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
    **_LAB_ZH,
    "errors.param.algo_sarsa": "SARSA",
    "errors.param.algo_q_learning": "Q 学习",
    "errors.param.algo_policy_gradient": "策略梯度",
    "errors.param.value_inf": "+∞",
    "errors.param.value_-inf": "−∞",
    "errors.param.value_nan": "NaN",
}
