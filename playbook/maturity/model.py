"""Maturity models and the recommendation library: a registry a firm extends without code.

Models are YAML files in templates/maturity/ (the shipped `pmo` and `cmo`, or a firm's own);
`register()` adds one from code, e.g. a plug-in package. Recommendations live in
templates/recommendations/<model>.yaml, keyed by dimension and current level.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from playbook.errors import DataError, TemplateError
from playbook.intake.paths import TEMPLATES
from playbook.intake.issues import issues_from
from playbook.intake.yaml_files import load_rt, plain

LevelKey = Annotated[int, Field(ge=1, le=5)]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Question(_Frozen):
    id: str
    text: str


class Dimension(_Frozen):
    id: str
    name: str
    description: str = ""
    descriptors: dict[LevelKey, str]
    questions: list[Question] = Field(min_length=1)

    @model_validator(mode="after")
    def _all_levels(self) -> "Dimension":
        if sorted(self.descriptors) != [1, 2, 3, 4, 5]:
            raise ValueError(f"descriptors for levels 1 to 5 in dimension {self.id}")
        return self


class MaturityModel(_Frozen):
    id: str
    name: str
    description: str = ""
    sources: list[str] = Field(default_factory=list)
    levels: dict[LevelKey, str]
    dimensions: list[Dimension] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> "MaturityModel":
        if sorted(self.levels) != [1, 2, 3, 4, 5]:
            raise ValueError("five level names, keyed 1 to 5")
        qids = [q.id for d in self.dimensions for q in d.questions]
        if len(qids) != len(set(qids)):
            raise ValueError("question ids unique across the model")
        dids = [d.id for d in self.dimensions]
        if len(dids) != len(set(dids)):
            raise ValueError("dimension ids unique across the model")
        return self

    @property
    def question_dimension(self) -> dict[str, str]:
        return {q.id: d.id for d in self.dimensions for q in d.questions}

    def dimension(self, dim_id: str) -> Dimension:
        return next(d for d in self.dimensions if d.id == dim_id)

    def level_name(self, score: float) -> str:
        return self.levels[min(5, max(1, int(score)))]


class Recommendation(_Frozen):
    title: str
    action: str
    effort: Literal["low", "medium", "high"] = "medium"
    horizon_weeks: Annotated[int, Field(gt=0)] = 12


class RecommendationLibrary(_Frozen):
    model: str
    recommendations: dict[str, dict[LevelKey, list[Recommendation]]]

    def for_level(self, dim_id: str, level: int) -> list[Recommendation]:
        return list(self.recommendations.get(dim_id, {}).get(level, []))


_REGISTRY: dict[str, MaturityModel] = {}


def register(model: MaturityModel) -> None:
    """Add a model from code (a firm's plug-in); it wins over a template of the same id."""
    _REGISTRY[model.id] = model


def _load(path: Path, schema: type[BaseModel]) -> BaseModel:
    try:
        return schema.model_validate(plain(load_rt(path)))
    except DataError as exc:
        raise TemplateError(f"template {path}: {exc.report()}") from None
    except ValidationError as exc:
        issues = issues_from(exc, str(path.relative_to(path.parents[1])))
        raise TemplateError("broken template:\n" + "\n".join(f"  - {i}" for i in issues)) from None


def model_dirs() -> list[Path]:
    return [TEMPLATES / "maturity"]


def available() -> list[str]:
    files = {p.stem for d in model_dirs() if d.is_dir() for p in d.glob("*.yaml")}
    return sorted(files | set(_REGISTRY))


@lru_cache(maxsize=None)
def _from_file(path: Path) -> MaturityModel:
    model = _load(path, MaturityModel)
    if model.id != path.stem:
        raise TemplateError(f"template {path}: id '{model.id}' differs from the file name '{path.stem}'")
    return model


def get(model_id: str) -> MaturityModel:
    if model_id in _REGISTRY:
        return _REGISTRY[model_id]
    for folder in model_dirs():  # matched against the files listed, never joined into a path
        path = next((p for p in sorted(folder.glob("*.yaml")) if p.stem == model_id), None) if folder.is_dir() else None
        if path is not None and path.is_file():
            return _from_file(path)
    raise TemplateError(f"no maturity model '{model_id}': expected one of {', '.join(available())}")


@lru_cache(maxsize=None)
def recommendations(model_id: str) -> RecommendationLibrary:
    path = TEMPLATES / "recommendations" / f"{model_id}.yaml"
    if not path.is_file():
        return RecommendationLibrary(model=model_id, recommendations={})
    return _load(path, RecommendationLibrary)
