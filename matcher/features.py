"""Encode a :class:`Problem` into numpy arrays, once, for vectorised scoring.

People are put in a canonical order (sorted by id, see
:func:`matcher.model.id_key`) so that the whole pipeline, solver included,
sees the same arrays whatever the order of the input: same input set, same
output.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .labels import canonical_gender
from .model import Problem, id_key
from .scoring import waiting_boost
from .slots import slots_to_mask

if TYPE_CHECKING:  # scipy is imported only where vectors are built (cheap `import matcher`)
    import scipy.sparse as sp

# Function words carry no information about a person and, without IDF (see
# below), would make every pair of French texts look alike.
STOPWORDS = frozenset("""
a au aux avec ce ces c dans de des du elle en et eux il ils je j la le les leur lui ma
mais me mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta
te tes toi ton tu un une vos votre vous y d l n s t m aime adore beaucoup aussi bien tres
suis est sont ai avons etre avoir faire fais plus tout tous the and of to in i my me am is
are love like with for on at an or it we you our
""".split())

_WORD = re.compile(r"[a-z0-9]+")


class _Unaccented(dict):
    """``str.translate`` table: each character to its NFKD form without combining marks,
    computed on first sight.  Character by character gives the same text as the whole
    string at once: NFKD decomposes each character on its own and only reorders
    combining marks, which are all dropped."""

    def __missing__(self, code: int) -> str:
        out = "".join(c for c in unicodedata.normalize("NFKD", chr(code))
                      if not unicodedata.combining(c))
        self[code] = out
        return out


_UNACCENTED = _Unaccented()


def strip_accents(text: str) -> str:
    """Accented letters to their base letter (as scikit-learn's ``strip_accents_unicode``)."""
    if text.isascii():
        return text
    return text.translate(_UNACCENTED)


def normalise_text(text: str) -> str:
    """Lower-case, strip accents, drop punctuation and function words."""
    words = _WORD.findall(strip_accents(text.lower()))
    return " ".join(w for w in words if w not in STOPWORDS)


def _char_wb_ngrams(word: str) -> list[str]:
    """The 3- to 5-character n-grams of one word padded with a space on each side, in
    scikit-learn's ``analyzer="char_wb"`` way (a word shorter than n counts once, whole)."""
    w = " " + word + " "
    size = len(w)
    grams: list[str] = []
    for n in range(3, 6):
        grams.extend(w[k:k + n] for k in range(max(1, size - n + 1)))
        if size <= n:
            break
    return grams


def about_vectors(texts: list[str]) -> sp.csr_matrix:
    """L2-normalised character n-gram vectors of the "about" texts.

    Character n-grams within words (3 to 5 characters) make accents, plurals
    and small spelling differences ("randonnée"/"randonees") share most of
    their features.  We keep TF (sublinear) but no IDF on purpose: IDF would
    make a pair's similarity depend on everybody else's texts, so adding one
    volunteer could change, and even lower below ``min_score``, the scores of
    unrelated pairs.  Identical texts are vectorised once.

    The same vectors as scikit-learn's ``TfidfVectorizer(analyzer="char_wb",
    ngram_range=(3, 5), lowercase=False, use_idf=False, sublinear_tf=True,
    dtype=np.float32)`` (same columns, same float32 values; a test compares them), without
    importing scikit-learn (1.4 s of start-up) and with the n-grams of each distinct word
    counted once: a text's counts are its word counts times the words' n-gram counts.
    """
    # Imported here, not at module level: `import matcher` and the CLI stay cheap.
    import scipy.sparse as sp

    # Many people write the same text: normalise each distinct text once (dicts keep the
    # first-seen order; rows are put back in the input order at the end).
    raw: dict[str, int] = {}
    raw_inverse = np.fromiter((raw.setdefault(t, len(raw)) for t in texts), dtype=np.int64,
                              count=len(texts))
    norm_ids: dict[str, int] = {}
    norm_of_raw = np.fromiter((norm_ids.setdefault(normalise_text(t), len(norm_ids))
                               for t in raw), dtype=np.int64, count=len(raw))
    inverse = norm_of_raw[raw_inverse] if len(texts) else np.zeros(0, dtype=np.int64)
    uniq = list(norm_ids)
    if not any(uniq):
        return sp.csr_matrix(np.zeros((len(texts), 1), dtype=np.float32))
    # text x word counts
    word_ids: dict[str, int] = {}
    t_cols: list[int] = []
    t_lens = []
    for text in uniq:
        ids = [word_ids.setdefault(w, len(word_ids)) for w in text.split()]
        t_cols.extend(ids)
        t_lens.append(len(ids))
    t_rows = np.repeat(np.arange(len(uniq)), t_lens)
    # word x n-gram counts, n-grams numbered in sorted order (scikit-learn's columns)
    grams_of = [_char_wb_ngrams(w) for w in word_ids]
    vocab = sorted({g for grams in grams_of for g in grams})
    col = {g: k for k, g in enumerate(vocab)}
    g_rows = np.repeat(np.arange(len(grams_of)), [len(g) for g in grams_of])
    g_cols = np.fromiter((col[g] for grams in grams_of for g in grams), dtype=np.int64,
                         count=len(g_rows))
    ones = np.ones
    T = sp.csr_matrix((ones(len(t_rows), np.int64), (t_rows, t_cols)),
                      shape=(len(uniq), len(word_ids)))
    G = sp.csr_matrix((ones(len(g_rows), np.int64), (g_rows, g_cols)),
                      shape=(len(word_ids), len(vocab)))
    X = (T @ G).tocsr()
    X.sum_duplicates()
    X.sort_indices()
    X = sp.csr_matrix((X.data.astype(np.float32), X.indices, X.indptr), shape=X.shape)
    # sublinear TF, then L2 norm summed in float64 from float32 squares (as scikit-learn)
    np.log(X.data, X.data)
    np.add(X.data, np.float32(1.0), X.data)
    sq = (X.data * X.data).astype(np.float64)
    row = np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))
    norms = np.sqrt(np.bincount(row, weights=sq, minlength=X.shape[0]))
    norms[norms == 0.0] = 1.0
    X.data = (X.data.astype(np.float64) / norms[row]).astype(np.float32)
    return X[inverse].tocsr()


def _codes(values: list[Any], table: dict) -> np.ndarray:
    values = [str(v).strip().lower() if v is not None else None for v in values]
    return np.array([table.setdefault(v, len(table)) if v is not None else -1 for v in values],
                    dtype=np.int32)


def _onehot(rows: list, index: dict[str, int]) -> np.ndarray:
    out = np.zeros((len(rows), max(len(index), 1)), dtype=np.float32)
    for r, items in enumerate(rows):
        for it in items:
            out[r, index[it]] = 1.0
    return out


def _bits(rows: list, index: dict[str, int]) -> np.ndarray | None:
    """Each row's items as one 64-bit mask, or None when there are more than 64 items:
    a bitwise AND then tells (and counts) what two people share, much faster than a
    product of one-hot vectors, with exactly the same answers."""
    if len(index) > 64:
        return None
    return np.array([sum(1 << index[it] for it in set(items)) for items in rows],
                    dtype=np.uint64).reshape(len(rows))


@dataclass
class Features:
    problem: Problem
    nb_ids: list
    nb_index: dict
    nb_names: list
    nb_latlon: np.ndarray  # radians, (K, 2)
    n_people: list  # canonical order
    v_people: list
    n_index: dict
    v_index: dict
    lang_codes: list
    tag_names: list
    n_nb: np.ndarray
    v_nb: np.ndarray
    n_lang: np.ndarray
    v_lang: np.ndarray
    v_lang_bool: np.ndarray
    v_fr: np.ndarray
    n_first_lang: np.ndarray
    n_tags: np.ndarray
    v_tags: np.ndarray
    n_ntags: np.ndarray
    v_ntags: np.ndarray
    n_about: sp.csr_matrix
    v_about: sp.csr_matrix
    n_avail: np.ndarray
    v_avail: np.ndarray
    n_birth: np.ndarray
    v_birth: np.ndarray
    n_intergen: np.ndarray
    n_practise: np.ndarray
    n_gender: np.ndarray
    n_buddy_gender: np.ndarray
    v_gender: np.ndarray
    v_newcomer_gender: np.ndarray
    n_household: np.ndarray
    v_household: np.ndarray
    n_boost: np.ndarray
    v_remaining: np.ndarray
    v_max_km: np.ndarray
    # 64-bit masks of languages and interests (None beyond 64 distinct values)
    n_lang_bits: np.ndarray | None = None
    v_lang_bits: np.ndarray | None = None
    n_tag_bits: np.ndarray | None = None
    v_tag_bits: np.ndarray | None = None


def build_features(problem: Problem) -> Features:
    """Encode ``problem`` (neighbourhood ids must be known; :func:`parse_problem` checks it)."""
    nbs = sorted(problem.neighbourhoods, key=lambda n: id_key(n.id))
    nb_index = {n.id: k for k, n in enumerate(nbs)}
    news = sorted(problem.newcomers, key=lambda p: id_key(p.id))
    vols = sorted(problem.volunteers, key=lambda p: id_key(p.id))
    people = news + vols

    lang_codes = sorted({c for p in people for c in p.languages})
    lang_index = {c: i for i, c in enumerate(lang_codes)}
    tag_names = sorted({t for p in people for t in p.interests})
    tag_index = {t: i for i, t in enumerate(tag_names)}
    genders: dict = {}
    households: dict = {}

    about = about_vectors([p.about or "" for p in people])
    v_lang = _onehot([p.languages for p in vols], lang_index)
    n_tags = _onehot([p.interests for p in news], tag_index)
    v_tags = _onehot([p.interests for p in vols], tag_index)
    s = problem.settings
    days = np.array([(s.today - p.waiting_since).days for p in news], dtype=np.float64)
    fr = lang_index.get("fr", -1)
    return Features(
        problem=problem,
        nb_ids=[n.id for n in nbs], nb_index=nb_index, nb_names=[n.name for n in nbs],
        nb_latlon=np.radians(np.array([[n.lat, n.lon] for n in nbs], dtype=np.float64)
                             .reshape(-1, 2)),
        n_people=news, v_people=vols,
        n_index={p.id: i for i, p in enumerate(news)},
        v_index={p.id: j for j, p in enumerate(vols)},
        lang_codes=lang_codes, tag_names=tag_names,
        n_nb=np.array([nb_index[p.neighbourhood] for p in news], dtype=np.int64),
        v_nb=np.array([nb_index[p.neighbourhood] for p in vols], dtype=np.int64),
        n_lang=_onehot([p.languages for p in news], lang_index), v_lang=v_lang,
        v_lang_bool=v_lang.astype(bool),
        v_fr=(v_lang[:, fr] > 0) if fr >= 0 else np.zeros(len(vols), dtype=bool),
        n_first_lang=np.array([lang_index[p.languages[0]] for p in news], dtype=np.int64),
        n_tags=n_tags, v_tags=v_tags,
        n_ntags=n_tags.sum(axis=1).astype(np.int64) if news else np.zeros(0, np.int64),
        v_ntags=v_tags.sum(axis=1).astype(np.int64) if vols else np.zeros(0, np.int64),
        n_about=about[:len(news)], v_about=about[len(news):],
        n_avail=np.array([slots_to_mask(p.availability) for p in news], dtype=np.uint32),
        v_avail=np.array([slots_to_mask(p.availability) for p in vols], dtype=np.uint32),
        n_birth=np.array([p.birth_year if p.birth_year is not None else np.nan for p in news],
                         dtype=np.float64),
        v_birth=np.array([p.birth_year if p.birth_year is not None else np.nan for p in vols],
                         dtype=np.float64),
        n_intergen=np.array([bool(p.intergenerational) for p in news], dtype=bool),
        n_practise=np.array([bool(p.practise_french) for p in news], dtype=bool),
        # one vocabulary: "f" in a file and "female" from the web are the same gender
        n_gender=_codes([canonical_gender(p.gender) for p in news], genders),
        n_buddy_gender=_codes([canonical_gender(p.buddy_gender) for p in news], genders),
        v_gender=_codes([canonical_gender(p.gender) for p in vols], genders),
        v_newcomer_gender=_codes([canonical_gender(p.newcomer_gender) for p in vols], genders),
        n_household=_codes([p.household for p in news], households),
        v_household=_codes([p.household for p in vols], households),
        n_boost=waiting_boost(days, s),
        v_remaining=np.array([max(0, p.capacity - p.active_matches) for p in vols],
                             dtype=np.int64),
        v_max_km=np.array([p.max_distance_km if p.max_distance_km is not None else np.inf
                           for p in vols], dtype=np.float64),
        n_lang_bits=_bits([p.languages for p in news], lang_index),
        v_lang_bits=_bits([p.languages for p in vols], lang_index),
        n_tag_bits=_bits([p.interests for p in news], tag_index),
        v_tag_bits=_bits([p.interests for p in vols], tag_index),
    )
