"""Languages and interests compared as 64-bit masks give exactly the one-hot answers."""
import dataclasses

import numpy as np
import pytest
from matcher_helpers import random_problem

from matcher.candidates import build_candidates
from matcher.features import build_features


def without_bits(f):
    return dataclasses.replace(f, n_lang_bits=None, v_lang_bits=None, n_tag_bits=None,
                               v_tag_bits=None)


def same(a, b):
    for name in ("I", "J", "D", "score", "W"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    for stage in a.counts:
        assert np.array_equal(a.counts[stage], b.counts[stage]), stage


@pytest.mark.parametrize("seed", range(5))
def test_masks_and_one_hot_products_give_the_same_candidates(seed):
    f = build_features(random_problem(400 + seed, n=80, m=40, min_score=0.1))
    assert f.n_lang_bits is not None and f.n_tag_bits is not None
    same(build_candidates(f), build_candidates(without_bits(f)))


def test_more_than_64_interests_fall_back_to_products():
    p = random_problem(9, n=40, m=20)
    news = [dataclasses.replace(n, interests=frozenset({f"t{k}", f"t{k + 1}", "cuisine"}))
            for k, n in enumerate(p.newcomers)]
    vols = [dataclasses.replace(v, interests=frozenset({f"t{k + 50}", f"u{k}"}))
            for k, v in enumerate(p.volunteers)]
    f = build_features(dataclasses.replace(p, newcomers=tuple(news), volunteers=tuple(vols)))
    assert len(f.tag_names) > 64 and f.n_tag_bits is None and f.n_lang_bits is not None
    c = build_candidates(f)
    assert len(c) and (c.score > 0).all()
