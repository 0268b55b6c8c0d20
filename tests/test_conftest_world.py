import pytest

from tests.conftest import make_customer


@pytest.mark.parametrize("step", [0, 1, 2, 3, 4, 5])
def test_make_customer_reaches_the_asked_step(world, step):
    customer = make_customer(world, step=step)
    assert customer.step == step
