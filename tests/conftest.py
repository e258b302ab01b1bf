"""Shared fixtures. Data-dependent tests read the real datasets under the data root
($INCEPTION_EDU_DATA; CI points it at ../shared/data). Missing data fails under CI and is
skipped with the fix command elsewhere — never silently."""

from __future__ import annotations

import os

import pytest
import torch

from inception_edu.data import DatasetNotFoundError, dataset_path

torch.set_num_threads(1)


@pytest.fixture
def require_data():
    def need(name: str):
        try:
            return dataset_path(name)
        except DatasetNotFoundError as err:
            if os.environ.get("CI"):
                pytest.fail(f"CI must have the shared data: {err}")
            pytest.skip(f"dataset not present here: {err}")

    return need
