"""What an experiment is: environment, algorithms with their settings, seeds, budget, sweep.

Everything here is plain, frozen, picklable data, checked when it is built, so a bad
setting fails in the caller's process with a message that names it, before any worker
starts. The checks are the existing ones: each algorithm's settings become the config
object its page builds (``TDConfig``, ``PolicyGradientSettings``,
``CartPoleTabularSettings``, ``DQNConfig``, ``ReinforceConfig``) and that object's own
validation runs. Only what no config checks (TD's η and γ, the lab's caps) is checked here.

Seeds
    Replicate ``i`` (0-based) of an experiment with seed ``s`` runs with the integer
    :func:`replicate_seed` ``(s, i)``: the ``i``-th child of ``numpy.random.SeedSequence(s)``.
    It depends on nothing else (not the worker, not the order jobs finish in, not the
    algorithm), so every arm of a comparison sees the same seeds: replicate ``i`` of
    SARSA and replicate ``i`` of Q-learning start from the same numbers (common random
    numbers, which make paired comparisons sharper).
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from playground.cartpole.env import CARTPOLE_VERSIONS
from playground.lab.errors import LabError

__all__ = [
    "ALGORITHMS",
    "ENVIRONMENTS",
    "MAX_ALGORITHMS",
    "MAX_EPISODES",
    "MAX_JOBS",
    "MAX_SEEDS",
    "MAX_SWEEP_VALUES",
    "AlgorithmSpec",
    "Arm",
    "EnvSpec",
    "Experiment",
    "Job",
    "Sweep",
    "replicate_seed",
]

MAX_SEEDS = 100
"""Most seeds (replicates) per arm."""
MAX_ALGORITHMS = 4
"""Most algorithms compared in one experiment."""
MAX_JOBS = 2_000
"""Most jobs (arms × seeds) in one experiment: 2,000 tabular runs take minutes on two cores."""
MAX_EPISODES = 20_000
"""Most episodes per job (the policy-gradient page's own maximum)."""
MAX_SWEEP_VALUES = 50
"""Most values per swept setting."""
MAX_EXPERIMENT_SEED = 2**32 - 1
"""Experiment seeds are integers in ``[0, MAX_EXPERIMENT_SEED]``."""
MAX_CARTPOLE_STATES = 12**4
"""Largest discretised CartPole table (the CartPole Q page's 12 bins per dimension)."""


def replicate_seed(experiment_seed: int, replicate: int) -> int:
    """The integer seed of replicate ``replicate`` (0-based): the ``replicate``-th child of
    ``SeedSequence(experiment_seed)``, as a 32-bit integer."""
    child = np.random.SeedSequence(experiment_seed, spawn_key=(replicate,))
    return int(child.generate_state(1, np.uint32)[0])


def child_seeds(seed: int, n: int = 2) -> tuple[int, ...]:
    """``n`` independent integer seeds derived from ``seed`` (agent and env streams must not
    share one integer: two PCG64 generators with the same seed give the same numbers)."""
    return tuple(int(s) for s in np.random.SeedSequence(seed).generate_state(n))


def _frozen(settings: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> tuple[tuple[str, Any], ...]:
    items = settings.items() if isinstance(settings, Mapping) else settings
    out = []
    for name, value in items:
        if isinstance(value, list):
            value = tuple(value)
        out.append((str(name), value))
    return tuple(sorted(out))


# ------------------------------------------------------------------------ environments


def _whole(value: Any, name: str, low: int, high: int) -> int:
    """``value`` as an int in ``[low, high]`` (a whole float such as 8.0 too), else LabError."""
    ok = not isinstance(value, bool) and isinstance(value, int | float | np.integer | np.floating)
    if not ok or not math.isfinite(value) or value != int(value) or not low <= value <= high:
        raise LabError(
            "lab_random_map",
            f"the random map's {name} must be an integer in [{low}, {high}], got {value!r}",
            name=name, low=low, high=high, value=repr(value),
        )  # fmt: skip
    return int(value)


def _look_up(table: Mapping[str, Any], name: str, code: str, what: str) -> Any:
    """``table[name]``, or a :class:`LabError` (``code``) naming the ``what`` choices."""
    info = table.get(name)
    if info is None:
        raise LabError(
            code,
            f"unknown {what} {name!r}; choose one of {sorted(table)}",
            name=repr(name),
            known=", ".join(sorted(table)),
        )
    return info


@dataclass(frozen=True)
class EnvInfo:
    """One environment the lab offers."""

    gym_id: str
    """The id passed to ``gymnasium.make``."""
    kind: str
    """``"discrete"`` (tabular agents) or ``"cartpole"`` (Q table via bins, DQN, REINFORCE)."""
    defaults: tuple[tuple[str, Any], ...] = ()
    """Keyword arguments of ``gymnasium.make`` and their defaults; no others are accepted."""


FROZEN_LAKE_MAPS = ("4x4", "8x8", "random")
"""FrozenLake's maps: Gymnasium's two, or ``"random"``: ``generate_random_map(map_size,
seed=map_seed)`` (a map with a path from start to goal), sizes 2 to 12 as the grid editor's."""
RANDOM_MAP_DEFAULTS = (("map_size", 8), ("map_seed", 0))
"""The random map's settings and their defaults (taken only with ``map_name="random"``)."""

DEFAULT_GRID = "g1~4x4~SF4HFHF3H2F2G~~0.0_1.0_0.0_-100.0~d"
"""A custom grid's default: FrozenLake 4×4 without slipping (``GridSpec.encode``)."""

ENVIRONMENTS: dict[str, EnvInfo] = {
    "maze_3x3": EnvInfo(
        "playground/Maze-v0", "discrete", (("layout", "seed_3x3"), ("step_reward", 0.0))
    ),
    "maze_5x5": EnvInfo(
        "playground/Maze-v0", "discrete", (("layout", "maze_5x5"), ("step_reward", 0.0))
    ),
    "maze_8x8": EnvInfo(
        "playground/Maze-v0", "discrete", (("layout", "maze_8x8"), ("step_reward", 0.0))
    ),
    "CliffWalking-v1": EnvInfo("CliffWalking-v1", "discrete"),
    "FrozenLake-v1": EnvInfo(
        "FrozenLake-v1", "discrete", (("map_name", "4x4"), ("is_slippery", True))
    ),
    "Taxi-v4": EnvInfo("Taxi-v4", "discrete"),
    "custom_grid": EnvInfo("playground/GridWorld-v0", "discrete", (("grid", DEFAULT_GRID),)),
    **{env_id: EnvInfo(env_id, "cartpole") for env_id in CARTPOLE_VERSIONS},
}
"""The lab's environments by name: the notes' mazes, Gymnasium's toy text, a grid drawn in
the grid editor (``custom_grid``, its share code in ``grid``), CartPole."""


@dataclass(frozen=True)
class EnvSpec:
    """An environment of :data:`ENVIRONMENTS` and its keyword arguments (defaults filled in).

    Build with :meth:`of`: ``EnvSpec.of("FrozenLake-v1", map_name="8x8", is_slippery=False)``.
    """

    name: str
    kwargs: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, name: str, **kwargs: Any) -> EnvSpec:
        """Check ``name`` and ``kwargs`` and return the spec with every default filled in."""
        info = _look_up(ENVIRONMENTS, name, "lab_unknown_env", "environment")
        defaults = dict(info.defaults)
        random_map = name == "FrozenLake-v1" and kwargs.get("map_name") == "random"
        if random_map:  # the random map's size and seed: settings of that map only
            defaults |= dict(RANDOM_MAP_DEFAULTS)
        unknown = sorted(set(kwargs) - set(defaults))
        if unknown:
            allowed = ", ".join(defaults) or "none"
            raise LabError(
                "lab_env_setting",
                f"{name} takes no setting {unknown[0]!r} (settings: {allowed})",
                env=name,
                name=repr(unknown[0]),
                allowed=allowed,
            )
        values = {**defaults, **kwargs}
        if name == "FrozenLake-v1":
            if values["map_name"] not in FROZEN_LAKE_MAPS:
                raise LabError(
                    "lab_frozenlake_map",
                    f"FrozenLake map_name must be '4x4', '8x8' or 'random', "
                    f"got {values['map_name']!r}",
                    value=repr(values["map_name"]),
                )
            values["is_slippery"] = bool(values["is_slippery"])
            if random_map:
                values["map_size"] = _whole(values["map_size"], "map_size", 2, 12)
                values["map_seed"] = _whole(values["map_seed"], "map_seed", 0, 2**31 - 1)
        if info.gym_id == "playground/Maze-v0":
            from playground.envs import get_layout

            get_layout(values["layout"])  # raises InvalidLayoutError with the known names
            values["step_reward"] = float(values["step_reward"])
            if not -1.0 <= values["step_reward"] <= 0.0:
                raise LabError(
                    "lab_step_reward",
                    f"step_reward must be in [-1, 0], got {values['step_reward']}",
                    value=values["step_reward"],
                )
        if name == "custom_grid":
            from playground.envs.gridworld import GridError, GridSpec

            try:  # validated; kept in its canonical form, so equal grids give equal specs
                values["grid"] = GridSpec.decode(str(values["grid"])).encode()
            except GridError as error:
                raise LabError(
                    "lab_grid", f"the custom grid cannot be used: {error}", reason=error
                ) from None
        return cls(name, _frozen(values))

    @property
    def info(self) -> EnvInfo:
        return ENVIRONMENTS[self.name]

    @property
    def kind(self) -> str:
        """``"discrete"`` or ``"cartpole"``."""
        return self.info.kind

    def make(self) -> Any:
        """``gymnasium.make`` of this environment (imports ``playground`` for the maze)."""
        import gymnasium as gym

        import playground  # noqa: F401  (registers playground/Maze-v0)

        kwargs = dict(self.kwargs)
        if self.name == "custom_grid":
            return gym.make(self.info.gym_id, spec=kwargs["grid"])
        if kwargs.get("map_name") == "random":
            from gymnasium.envs.toy_text.frozen_lake import generate_random_map

            size, seed = kwargs.pop("map_size"), kwargs.pop("map_seed")
            kwargs["desc"] = generate_random_map(size=size, seed=seed)
            del kwargs["map_name"]
        return gym.make(self.info.gym_id, **kwargs)

    def label(self) -> str:
        """The name plus any setting that differs from its default, e.g. ``FrozenLake-v1 (8x8, not slippery)``."""
        if self.name == "custom_grid":
            size = dict(self.kwargs)["grid"].split("~")[1].replace("x", "×")
            return f"custom grid {size}"
        kwargs = dict(self.kwargs)
        if kwargs.get("map_name") == "random":
            n, slips = kwargs["map_size"], "" if kwargs["is_slippery"] else ", not slippery"
            return f"{self.name} (random {n}×{n} map, seed {kwargs['map_seed']}{slips})"
        changed = [(k, v) for k, v in self.kwargs if dict(self.info.defaults).get(k) != v]
        if not changed or self.name.startswith("maze_"):
            return self.name
        return f"{self.name} ({', '.join(f'{k}={v}' for k, v in changed)})"


# -------------------------------------------------------------------------- algorithms


def _td_settings(name: str, settings: dict[str, Any], episodes: int) -> Any:
    from playground.agents.tabular import SarsaAgent
    from playground.sessions.maze_td import TDConfig

    config = TDConfig(algo=name, episodes=episodes, **settings)
    td = config.settings()  # checks ε and the schedule
    # Nothing downstream checks η and γ: a NaN or negative η would silently train nonsense.
    if not (0.0 < td.eta < math.inf):
        raise LabError("lab_eta", f"eta must be positive and finite, got {td.eta}", value=td.eta)
    if not 0.0 <= td.gamma <= 1.0:
        raise LabError("lab_gamma", f"gamma must be in [0, 1], got {td.gamma}", value=td.gamma)
    SarsaAgent(1, 1, td)  # checks q_init
    return td


def _pg_settings(name: str, settings: dict[str, Any], episodes: int) -> Any:
    from playground.agents.tabular import PolicyGradientAgent, PolicyGradientSettings

    pg = PolicyGradientSettings(**settings)
    PolicyGradientAgent(1, 1, pg)  # checks η and β
    return pg


def _cartpole_q_settings(name: str, settings: dict[str, Any], episodes: int, env_id: str) -> Any:
    from playground.cartpole import CartPoleTabularSettings

    settings = {k: tuple(v) if isinstance(v, list) else v for k, v in settings.items()}
    config = CartPoleTabularSettings(env_id=env_id, episodes=episodes, **settings)
    n_states = config.discretiser().n_states  # checks bins and clip ranges
    if n_states > MAX_CARTPOLE_STATES:
        raise LabError(
            "lab_cartpole_states",
            f"{n_states:,} discretised states is too many (at most {MAX_CARTPOLE_STATES:,}: "
            "12 bins per dimension)",
            n=f"{n_states:,}",
            most=f"{MAX_CARTPOLE_STATES:,}",
        )
    return config


def _deep_settings(name: str, settings: dict[str, Any], episodes: int, env_id: str) -> Any:
    if name == "dqn":
        from playground.agents.dqn import fast_preset
    else:
        from playground.agents.reinforce import fast_preset
    return dataclasses.replace(fast_preset(), env_id=env_id, **settings)  # validate() runs


@dataclass(frozen=True)
class AlgorithmInfo:
    """One algorithm the lab offers: the environments it runs on and its config class."""

    env_kind: str
    """The :attr:`EnvInfo.kind` it needs."""
    config_class: str
    """``module:Class`` of the page's config, whose fields are the settings."""
    fixed: tuple[str, ...]
    """Fields the lab sets itself (environment, budget, seed), not settings."""
    deep: bool = False
    """Needs torch (imported in the worker only for such jobs)."""

    @property
    def names(self) -> tuple[str, ...]:
        """The settings it accepts: its config's fields, but the lab's own (imports the config
        class, so torch for DQN and REINFORCE)."""
        return _config_fields(self.config_class, self.fixed)


@functools.cache
def _config_fields(config_class: str, fixed: tuple[str, ...]) -> tuple[str, ...]:
    module, _, name = config_class.partition(":")
    cls = getattr(importlib.import_module(module), name)
    return tuple(f.name for f in dataclasses.fields(cls) if f.name not in fixed)


_DEEP_FIXED = ("env_id", "seed", "eval_seed")
_TD_CONFIG = "playground.sessions.maze_td:TDConfig"
_TD_FIXED = ("algo", "layout", "seed", "episodes", "step_reward")  # step_reward: the maze's
ALGORITHMS: dict[str, AlgorithmInfo] = {
    "sarsa": AlgorithmInfo("discrete", _TD_CONFIG, _TD_FIXED),
    "q_learning": AlgorithmInfo("discrete", _TD_CONFIG, _TD_FIXED),
    "policy_gradient": AlgorithmInfo(
        "discrete", "playground.agents.tabular:PolicyGradientSettings", ("threshold",)
    ),
    "cartpole_q": AlgorithmInfo(
        "cartpole", "playground.cartpole:CartPoleTabularSettings", ("env_id", "episodes", "seed")
    ),
    "dqn": AlgorithmInfo("cartpole", "playground.agents.dqn:DQNConfig", _DEEP_FIXED, deep=True),
    "reinforce": AlgorithmInfo(
        "cartpole", "playground.agents.reinforce:ReinforceConfig", _DEEP_FIXED, deep=True
    ),
}
"""The lab's algorithms by name. Unset settings take the defaults of the algorithm's page:
the notes' for the tabular ones, the fast preset for DQN and REINFORCE."""


@dataclass(frozen=True)
class AlgorithmSpec:
    """An algorithm of :data:`ALGORITHMS` with the settings that differ from its defaults.

    ``AlgorithmSpec.of("sarsa", eta=0.5, epsilon=0.1, schedule="constant", gamma=1.0)``.
    The settings are checked against an environment by :meth:`config`.
    """

    name: str
    settings: tuple[tuple[str, Any], ...] = ()
    label: str = ""
    """Shown in tables and legends; default: the name and its settings."""

    @classmethod
    def of(cls, name: str, label: str = "", **settings: Any) -> AlgorithmSpec:
        info = _look_up(ALGORITHMS, name, "lab_unknown_algorithm", "algorithm")
        unknown = sorted(set(settings) - set(info.names))
        if unknown:
            raise LabError(
                "lab_unknown_setting",
                f"{name} has no setting {unknown[0]!r} (settings: {', '.join(info.names)})",
                algorithm=name,
                name=repr(unknown[0]),
                allowed=", ".join(info.names),
            )
        return cls(name, _frozen(settings), label)

    def with_settings(self, **settings: Any) -> AlgorithmSpec:
        """A copy with ``settings`` added or replaced (the label is recomputed unless set)."""
        merged = {**dict(self.settings), **settings}
        return AlgorithmSpec.of(self.name, self.label, **merged)

    def without(self, *names: str) -> AlgorithmSpec:
        """A copy without the settings ``names`` (a sweep's base, shown beside its values)."""
        kept = tuple((k, v) for k, v in self.settings if k not in names)
        return AlgorithmSpec(self.name, kept, self.label)

    @property
    def info(self) -> AlgorithmInfo:
        return ALGORITHMS[self.name]

    def display(self) -> str:
        """:attr:`label`, or ``name (k=v, …)``."""
        if self.label:
            return self.label
        if not self.settings:
            return self.name
        return f"{self.name} ({', '.join(f'{k}={v}' for k, v in self.settings)})"

    def config(self, env: EnvSpec, episodes: int) -> Any:
        """The algorithm's own config object for ``env``; raises ``ValueError`` naming a bad
        setting, or an algorithm that cannot run on ``env``."""
        info = self.info
        if info.env_kind != env.kind:
            runs_on = [n for n, e in ENVIRONMENTS.items() if e.kind == info.env_kind]
            raise LabError(
                "lab_wrong_env",
                f"{self.name} does not run on {env.name}; it runs on {', '.join(runs_on)}",
                algorithm=self.name,
                env=env.name,
                runs_on=", ".join(runs_on),
            )
        settings = dict(self.settings)
        try:
            if self.name in ("sarsa", "q_learning"):
                return _td_settings(self.name, settings, episodes)
            if self.name == "policy_gradient":
                return _pg_settings(self.name, settings, episodes)
            if self.name == "cartpole_q":
                return _cartpole_q_settings(self.name, settings, episodes, env.info.gym_id)
            return _deep_settings(self.name, settings, episodes, env.info.gym_id)
        except (TypeError, ValueError) as error:
            # The config's own check says what is wrong; a LabError inside keeps its code.
            raise LabError(
                "lab_bad_setting", f"{self.display()}: {error}", algorithm=self.display(),
                reason=error,
            ) from None  # fmt: skip


# ------------------------------------------------------------------------- experiments


@dataclass(frozen=True)
class Sweep:
    """One or two settings, each over a list of values: every combination is an arm.

    ``Sweep.of(eta=[0.1, 0.2, 0.5])`` or ``Sweep.of(eta=..., gamma=...)``;
    ``Sweep.range("eta", 0.1, 1.0, 10)`` gives ten evenly spaced values.
    """

    params: tuple[tuple[str, tuple[Any, ...]], ...]

    @classmethod
    def of(cls, **values: Sequence[Any]) -> Sweep:
        if not 1 <= len(values) <= 2:
            raise LabError(
                "lab_sweep_settings",
                f"a sweep varies one or two settings, got {len(values)}",
                n=len(values),
            )
        params = []
        for name, vals in values.items():
            vals = tuple(vals)
            if not vals:
                raise LabError(
                    "lab_sweep_empty", f"the sweep over {name!r} has no values", name=name
                )
            if len(vals) > MAX_SWEEP_VALUES:
                raise LabError(
                    "lab_sweep_too_many",
                    f"the sweep over {name!r} has {len(vals)} values (at most {MAX_SWEEP_VALUES})",
                    name=name,
                    count=len(vals),
                    most=MAX_SWEEP_VALUES,
                )
            if len(set(map(repr, vals))) != len(vals):
                raise LabError(
                    "lab_sweep_repeats", f"the sweep over {name!r} repeats a value", name=name
                )
            params.append((name, vals))
        return cls(tuple(params))

    @classmethod
    def range(cls, name: str, start: float, stop: float, count: int) -> Sweep:
        """``count`` evenly spaced values from ``start`` to ``stop`` inclusive."""
        if count < 1:
            raise LabError(
                "lab_sweep_empty",
                f"the sweep over {name!r} has no values (count={count})",
                name=name,
            )
        values = np.linspace(start, stop, count).round(12).tolist()
        return cls.of(**{name: values})

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.params)

    def points(self) -> list[tuple[tuple[str, Any], ...]]:
        """Every combination of values, first setting slowest."""
        names = self.names
        grids = [vals for _, vals in self.params]
        return [tuple(zip(names, combo, strict=True)) for combo in itertools.product(*grids)]


@dataclass(frozen=True)
class Arm:
    """One line of a comparison or one point of a sweep: an algorithm with fixed settings."""

    index: int
    algorithm: AlgorithmSpec
    """The base algorithm (as given)."""
    point: tuple[tuple[str, Any], ...] = ()
    """The swept settings' values at this point (empty without a sweep)."""

    @property
    def spec(self) -> AlgorithmSpec:
        """The algorithm with the point's values applied."""
        return self.algorithm.with_settings(**dict(self.point)) if self.point else self.algorithm


@dataclass(frozen=True)
class Job:
    """One run: an algorithm with its settings, on an environment, from one seed, for a budget.

    Pure data; :func:`playground.lab.jobs.run_job` turns it into per-episode records in
    any process.
    """

    env: EnvSpec
    algorithm: AlgorithmSpec
    """The algorithm with every setting of this arm (sweep values applied)."""
    arm: int
    replicate: int
    """0-based seed index within the arm."""
    seed: int
    """:func:`replicate_seed` of the experiment's seed and :attr:`replicate`."""
    episodes: int
    stop_when_solved: bool = False
    """DQN and REINFORCE: stop once a greedy evaluation reaches the solved threshold."""


@dataclass(frozen=True)
class Experiment:
    """A comparison of 1–4 algorithms, or a sweep of each of them, over ``seeds`` seeds.

    Args:
        env: where the algorithms run.
        algorithms: 1 to :data:`MAX_ALGORITHMS` algorithms.
        seeds: replicates per arm, 1 to :data:`MAX_SEEDS`.
        episodes: episodes per run, 1 to :data:`MAX_EPISODES`.
        seed: the experiment's seed; every run's seed derives from it (:func:`replicate_seed`).
        sweep: optional; every algorithm runs at every point of the sweep.
        stop_when_solved: DQN/REINFORCE runs end once a greedy evaluation is solved.

    Raises ``ValueError`` with the reason for any bad value, including more than
    :data:`MAX_JOBS` jobs.
    """

    env: EnvSpec
    algorithms: tuple[AlgorithmSpec, ...]
    seeds: int = 10
    episodes: int = 500
    seed: int = 0
    sweep: Sweep | None = None
    stop_when_solved: bool = False
    arms: tuple[Arm, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "algorithms", tuple(self.algorithms))
        if not 1 <= len(self.algorithms) <= MAX_ALGORITHMS:
            raise LabError(
                "lab_algorithm_count",
                f"choose 1 to {MAX_ALGORITHMS} algorithms, got {len(self.algorithms)}",
                n=len(self.algorithms),
                most=MAX_ALGORITHMS,
            )
        for name, value, low, high in (
            ("seeds", self.seeds, 1, MAX_SEEDS),
            ("episodes", self.episodes, 1, MAX_EPISODES),
            ("seed", self.seed, 0, MAX_EXPERIMENT_SEED),
        ):
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
                raise LabError(
                    "lab_not_integer", f"{name} must be an integer, got {value!r}", name=name,
                    value=repr(value),
                )  # fmt: skip
            if not low <= value <= high:
                raise LabError(
                    f"lab_{name}_range", f"{name} must be in [{low}, {high:,}], got {value}",
                    low=low, high=f"{high:,}", value=value,
                )  # fmt: skip
        points = self.sweep.points() if self.sweep else [()]
        n_jobs = len(self.algorithms) * len(points) * self.seeds
        if n_jobs > MAX_JOBS:
            raise LabError(
                "lab_too_many_jobs",
                f"this experiment would run {n_jobs:,} jobs "
                f"({len(self.algorithms)} algorithms × {len(points)} settings × {self.seeds} seeds); "
                f"the limit is {MAX_JOBS:,}: use fewer values or seeds",
                jobs=f"{n_jobs:,}",
                algorithms=len(self.algorithms),
                points=len(points),
                seeds=self.seeds,
                limit=f"{MAX_JOBS:,}",
            )
        arms = []
        for algorithm in self.algorithms:
            if self.sweep:
                unknown = [n for n in self.sweep.names if n not in algorithm.info.names]
                if unknown:
                    raise LabError(
                        "lab_sweep_unknown",
                        f"{algorithm.name} has no setting {unknown[0]!r} to sweep",
                        algorithm=algorithm.name,
                        name=repr(unknown[0]),
                    )
            for point in points:
                arm = Arm(len(arms), algorithm, point)
                arm.spec.config(self.env, self.episodes)  # raises on a bad setting
                arms.append(arm)
        object.__setattr__(self, "arms", tuple(arms))

    @property
    def deep(self) -> bool:
        """Some algorithm needs torch."""
        return any(a.info.deep for a in self.algorithms)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data that :meth:`from_dict` turns back into this experiment
        (what a share link needs to reproduce it)."""

        def plain(value: Any) -> Any:
            return list(value) if isinstance(value, tuple) else value

        data: dict[str, Any] = {
            "env": self.env.name,
            "env_kwargs": {k: plain(v) for k, v in self.env.kwargs},
            "algorithms": [
                {"name": a.name, "settings": {k: plain(v) for k, v in a.settings}, "label": a.label}
                for a in self.algorithms
            ],
            "seeds": self.seeds,
            "episodes": self.episodes,
            "seed": self.seed,
            "stop_when_solved": self.stop_when_solved,
        }
        if self.sweep:
            data["sweep"] = {name: list(values) for name, values in self.sweep.params}
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Experiment:
        """The experiment :meth:`to_dict` described; every value is checked again."""
        try:
            env = EnvSpec.of(data["env"], **data.get("env_kwargs", {}))
            algorithms = tuple(
                AlgorithmSpec.of(a["name"], a.get("label", ""), **a.get("settings", {}))
                for a in data["algorithms"]
            )
            sweep = Sweep.of(**data["sweep"]) if data.get("sweep") else None
            return cls(
                env,
                algorithms,
                data.get("seeds", 10),
                data.get("episodes", 500),
                data.get("seed", 0),
                sweep,
                bool(data.get("stop_when_solved", False)),
            )
        except (KeyError, TypeError, AttributeError) as error:
            raise LabError(
                "lab_not_experiment",
                f"not an experiment description: {type(error).__name__}: {error}",
                reason=f"{type(error).__name__}: {error}",
            ) from None

    def jobs(self) -> list[Job]:
        """Every job, arm by arm, seed by seed."""
        seeds = [replicate_seed(self.seed, i) for i in range(self.seeds)]
        return [
            Job(self.env, arm.spec, arm.index, i, seeds[i], self.episodes, self.stop_when_solved)
            for arm in self.arms
            for i in range(self.seeds)
        ]
