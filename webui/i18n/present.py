"""Text of the presenter view (``?present=1``): its switch, the key legend, pin messages."""

EN = {
    "present.toggle": "Presenter view",
    "present.toggle_help": (
        "For a projector: the sidebar folds away, text and charts grow, explanations hide, "
        "and Train, Pause, Step and Reset answer keys. Pin settings next to the buttons with "
        "`&show=` in the link (the settings' names in the link, e.g. `&show=eta,epsilon`); "
        "the link keeps both."
    ),
    "present.step": "Step",
    "present.keys": "Keys: {train} Train / Pause · {step} Step · {reset} Reset",
    "present.key_space": "Space",
    "present.key_right": "→",
    "present.key_home": "Home",
    "present.unknown_show": (
        "Not settings of this page, so not pinned: {keys}. This page's settings: {valid}."
    ),
}

ZH = {
    "present.toggle": "演示模式",
    "present.toggle_help": (
        "用于投影：侧边栏收起，文字和图表放大，说明文字隐藏，训练、暂停、单步和重置可用按键操作。"
        "在链接中加 `&show=` 可把设置固定在按钮旁（用链接里的设置名，例如 `&show=eta,epsilon`）；"
        "链接会同时保留这两项。"
    ),
    "present.step": "单步",
    "present.keys": "按键：{train} 训练 / 暂停 · {step} 单步 · {reset} 重置",
    "present.key_space": "空格",
    "present.key_right": "→",
    "present.key_home": "Home",
    "present.unknown_show": "以下不是本页的设置，未固定：{keys}。本页的设置有：{valid}。",
}
