"""Draw pages: the organiser publishes, locks, runs and reveals; anyone verifies by the link."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from lianyi.gatherings.models import Draw, DrawRun
from tests.conftest import World, make_customer
from tests.gatherings.door import admit, start_gathering
from tests.web.conftest import field_codes


def prize_form(**extra: str) -> dict[str, str]:
    data = {
        "rules": "入场嘉宾每户一个号。",
        "prize_name_1": "电饭煲",
        "prize_value_1": "299",
        "prize_count_1": "1",
    }
    data.update(extra)
    return data


def test_a_supervisor_publishes_locks_runs_and_reveals(world: World, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.supervisor)
    gid = world.gathering.pk
    url = reverse("web:draw", args=[gid])
    assert client.get(url).status_code == 200
    response = client.post(url, prize_form())
    assert response.status_code == 302
    assert Draw.objects.get().prizes == [{"name": "电饭煲", "value": "299.00", "count": 1}]
    client.post(reverse("web:draw_lock", args=[gid]))
    draw = Draw.objects.get()
    assert draw.locked_at is not None
    page = client.get(url).content.decode()
    assert draw.seed_commitment in page and draw.seed not in page
    # at the gathering: two households at the door
    for _ in range(2):
        admit(make_customer(world, step=5), by=world.event_staff, gathering=world.gathering)
    start_gathering(world.gathering)
    # the list the round will draw from is shown before the button is pressed
    preview = client.get(url).content.decode()
    assert 'id="draw-next-eligible"' in preview and preview.count("<li><code>") == 2
    client.post(reverse("web:draw_run", args=[gid]), {"round": "1"})
    assert DrawRun.objects.count() == 1
    client.post(reverse("web:draw_reveal", args=[gid]))
    # anyone, not logged in, sees the seed and the verified result
    public = Client().get(reverse("web:draw_public", args=[draw.seed_commitment]))
    html = public.content.decode()
    assert public.status_code == 200
    assert 'id="draw-verified"' in html and draw.seed in html
    winner = DrawRun.objects.get().winners[0]["label"]
    assert winner in html


def test_an_over_cap_prize_shows_its_code_on_the_form(world: World, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.supervisor)
    response = client.post(
        reverse("web:draw", args=[world.gathering.pk]), prize_form(prize_value_1="60000")
    )
    assert response.status_code == 200
    assert field_codes(response, "__all__") == ["gatherings.draw_prize_over_cap"]
    assert not Draw.objects.exists()


def test_a_run_before_locking_says_why_and_draws_nothing(world: World, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.supervisor)
    client.post(reverse("web:draw", args=[world.gathering.pk]), prize_form())
    response = client.post(
        reverse("web:draw_run", args=[world.gathering.pk]), {"round": "1"}, follow=True
    )
    messages = [str(m) for m in response.context["messages"]]
    assert messages and not DrawRun.objects.exists()


def test_the_public_page_before_reveal_hides_the_seed(world: World, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.supervisor)
    client.post(reverse("web:draw", args=[world.gathering.pk]), prize_form())
    client.post(reverse("web:draw_lock", args=[world.gathering.pk]))
    draw = Draw.objects.get()
    html = Client().get(reverse("web:draw_public", args=[draw.seed_commitment])).content.decode()
    assert 'id="draw-pending"' in html and draw.seed not in html


def test_unknown_or_unlocked_draw_links_are_not_found(world: World, login) -> None:  # type: ignore[no-untyped-def]
    login(world.supervisor).post(reverse("web:draw", args=[world.gathering.pk]), prize_form())
    anonymous = Client()
    assert anonymous.get(reverse("web:draw_public", args=["0" * 64])).status_code == 404
    assert anonymous.get(reverse("web:draw_public", args=["not-a-hash"])).status_code == 404


def test_reps_and_other_companies_get_404(world: World, login) -> None:  # type: ignore[no-untyped-def]
    url = reverse("web:draw", args=[world.gathering.pk])
    assert login(world.rep).get(url).status_code == 404
    assert login(world.outsider_admin).get(url).status_code == 404
    assert (
        login(world.rep).post(reverse("web:draw_lock", args=[world.gathering.pk])).status_code
        == 404
    )
