import math

import pytest
import torch

from inception_edu.seeds import SeedSummary, clearly_differs, over_seeds, summarize


def test_mean_and_standard_error_by_hand():
    s = summarize({0: 0.50, 1: 0.54, 2: 0.58})
    assert s.mean == pytest.approx(0.54)
    # sample sd of (0.50, 0.54, 0.58) is 0.04; se = 0.04 / √3
    assert s.se == pytest.approx(0.04 / math.sqrt(3))
    assert s.format(scale=100, unit="%") == "54.0% ± 2.3% (3 seeds)"
    assert str(summarize({7: 3.0})) == "3.0 ± 0.0 (1 seed)"


def test_over_seeds_calls_the_run_once_per_seed():
    def run(seed: int) -> float:
        return torch.rand(1, generator=torch.Generator().manual_seed(seed)).item()

    s = over_seeds(run, seeds=(0, 1, 2, 3))
    assert s.seeds == (0, 1, 2, 3) and s.values == tuple(run(i) for i in range(4))
    assert over_seeds(run, seeds=(0, 1, 2, 3)) == s  # seeded: the same summary again


def test_clearly_differs_needs_about_two_standard_errors():
    a = summarize({0: 0.50, 1: 0.52, 2: 0.54})  # se ≈ 0.0115
    close = summarize({0: 0.52, 1: 0.54, 2: 0.56})  # 2 points apart: 1.2 se of the difference
    far = summarize({0: 0.60, 1: 0.62, 2: 0.64})  # 10 points apart
    assert not clearly_differs(a, close) and clearly_differs(a, far)
    assert clearly_differs(far, a)  # symmetric
    assert not clearly_differs(summarize({0: 0.1}), summarize({0: 0.9}))  # one seed: no error bar


@pytest.mark.parametrize(
    ("seeds", "values", "words"),
    [((), (), "at least one seed"), ((0, 1), (0.5,), "one value per seed"),
     ((0,), (math.nan,), "finite")],
)  # fmt: skip
def test_bad_summaries_get_a_sentence(seeds, values, words):
    with pytest.raises(ValueError, match=words):
        SeedSummary(seeds, values)


def test_repeated_seeds_are_refused():
    with pytest.raises(ValueError, match="distinct"):
        over_seeds(lambda s: 0.0, seeds=(1, 1))


def test_sign_test_is_the_exact_two_sided_binomial():
    from inception_edu.seeds import sign_test

    assert sign_test(0, 0) == 1.0 and sign_test(2, 2) == 1.0
    assert sign_test(5, 1) == pytest.approx(14 / 64)  # 2 · (1 + 6) / 2⁶
    assert sign_test(1, 5) == sign_test(5, 1)
    assert sign_test(0, 6) == pytest.approx(2 / 64)
    assert sign_test(0, 10) < 0.01 < sign_test(2, 8) < 0.2
    with pytest.raises(ValueError):
        sign_test(-1, 3)
