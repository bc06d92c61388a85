"""The language of an article (lingua), and the split of a reading into English articles and the others.

The extractor reads English only: a Russian or Ukrainian article gives almost nothing. So
each article's language is detected and stored on it, and an article in another language is
reported as skipped ("in Russian; peacegraph reads English") instead of loaded empty.

The detector knows a handful of languages (those of the coverage of the talks) in lingua's
low-accuracy mode: about 40 MB and a quarter of a second to build, a millisecond per article.
That mode is reliable from some 120 characters on; a shorter text is not judged.
"""

from __future__ import annotations

from functools import cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder
from pydantic import BaseModel, ConfigDict, Field

from peacegraph.graph.errors import ArticleReadError
from peacegraph.loaders.readers import ReadReport

ENGLISH = Language.ENGLISH
LANGUAGES = (
    Language.ENGLISH,
    Language.RUSSIAN,
    Language.UKRAINIAN,
    Language.GERMAN,
    Language.FRENCH,
    Language.SPANISH,
    Language.POLISH,
)
MIN_CHARS = 120  # below this lingua's low-accuracy mode guesses
SAMPLE_CHARS = 5000  # the opening of an article tells its language; the rest only costs time


class DetectedLanguage(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(description="ISO 639-1 code", examples=["ru"])
    name: str = Field(examples=["Russian"])
    confidence: float = Field(ge=0, le=1, description="lingua's confidence among the languages it knows")

    @property
    def english(self) -> bool:
        return self.code == ENGLISH.iso_code_639_1.name.lower()


@cache
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*LANGUAGES).with_low_accuracy_mode().build()


def detect_language(text: str) -> DetectedLanguage | None:
    """The most likely language of ``text``; None when it is too short to tell."""
    sample = text[:SAMPLE_CHARS]
    if len(sample.strip()) < MIN_CHARS:
        return None
    values = _detector().compute_language_confidence_values(sample)
    if not values:
        return None
    best = values[0]
    return DetectedLanguage(
        code=best.language.iso_code_639_1.name.lower(), name=best.language.name.title(), confidence=best.value
    )


def not_english_reason(language: DetectedLanguage) -> str:
    return f"in {language.name}; peacegraph reads English"


def keep_english(report: ReadReport) -> ReadReport:
    """``report`` with each article's detected language set, and those not in English moved to its failures."""
    kept = ReadReport(failures=list(report.failures), warnings=list(report.warnings))
    for article in report.articles:
        language = detect_language(article.body)
        if language is None:
            kept.articles.append(article)
        elif language.english:
            kept.articles.append(article.model_copy(update={"language": language.code}))
        else:
            where = article.path or article.url or article.title or article.id
            kept.failures.append(ArticleReadError(where, not_english_reason(language)))
    return kept
