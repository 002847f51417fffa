"""The engine's own "about" vectoriser gives scikit-learn's TfidfVectorizer vectors.

``matcher.features.about_vectors`` no longer imports scikit-learn (1.4 s of start-up for
`bienvenue match-file`): these tests prove it computes the same columns and values.
"""
import unicodedata

import numpy as np
from hypothesis import given, settings, strategies as st

from benchmarks.generate import population
from matcher.features import about_vectors, normalise_text, strip_accents


def sklearn_vectors(texts):
    from sklearn.feature_extraction.text import TfidfVectorizer

    norm = [normalise_text(t) for t in texts]
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=False,
                          use_idf=False, sublinear_tf=True, dtype=np.float32)
    return vec.fit_transform(norm).tocsr()


def assert_same(texts):
    ours, ref = about_vectors(texts), sklearn_vectors(texts)
    assert ours.shape == ref.shape
    assert ours.dtype == ref.dtype == np.float32
    diff = abs(ours - ref)
    assert diff.nnz == 0 or diff.max() <= 1e-7
    # the similarities the engine uses
    sims, ref_sims = (ours @ ours.T).toarray(), (ref @ ref.T).toarray()
    assert np.allclose(sims, ref_sims, rtol=0, atol=1e-6)


def test_same_vectors_as_scikit_learn_on_the_benchmark_population():
    data = population(2025, 300, 200, 1)
    texts = [p.get("about") or "" for p in data["newcomers"] + data["volunteers"]]
    assert_same(texts)


def test_short_words_accents_repeats_and_empty_texts():
    assert_same(["", "a b c", "Là où l'été brûle", "xy xyz xyzw xyzwv xyzwvu", "vélo vélo vélo",
                 "Ｆｕｌｌ width ﬁne", "", "chat", "CHAT chat Chat"])


words = st.text(alphabet=st.sampled_from(list("abcdeéèàôçxyz019 ,.'ÉÀﬁ")), max_size=30)


@settings(max_examples=60, deadline=None)
@given(st.lists(words, min_size=1, max_size=12).filter(lambda ts: any(normalise_text(t)
                                                                      for t in ts)))
def test_same_vectors_on_random_texts(texts):
    assert_same(texts)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=20))
def test_strip_accents_character_by_character_equals_whole_text(text):
    whole = "".join(c for c in unicodedata.normalize("NFKD", text)
                    if not unicodedata.combining(c))
    assert strip_accents(text) == whole
