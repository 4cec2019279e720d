"""The custom models (F7), driven by keyboard against the emulator: the list, what serves each
model, reading it when AWS answers slowly or not at all."""

from __future__ import annotations

from pathlib import Path

from ftui.sim.server import SimServer
from ftui.tui.screens.models import ModelsScreen
from tests.tui.conftest import make_app
from tests.tui.models_support import (
    MICRO,
    MICRO_5,
    SIZE,
    TITAN,
    bedrock,
    deploy,
    model_arn,
    models_screen,
    open_detail,
    open_models,
    operations,
    point_at,
    provision,
    serving_of,
    shown,
    text,
    toasts,
    unserve,
)
from tests.tui.test_jobs import screen_text, settle

# --- the list ----------------------------------------------------------------------------------


async def test_f7_lists_the_models_with_what_serves_them_filtered_and_sorted(
    models_world: SimServer, tmp_path: Path
) -> None:
    unserve(models_world, TITAN)
    deploy(models_world, MICRO, "micro-live")
    unserve(models_world, MICRO_5)
    provision(models_world, MICRO_5, "micro-5-pt")
    app = make_app(models_world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_models(pilot)
        names = shown(app)
        assert {MICRO, MICRO_5, TITAN, "nova-lite-distilled-v1"} <= set(names)
        assert serving_of(app, MICRO) == ("deployed", ("Active",))
        assert serving_of(app, MICRO_5) == ("provisioned", ("InService",))
        assert serving_of(app, TITAN) == ("-", ())
        micro = next(r for r in screen.rows.values() if r.name == MICRO)
        assert str(screen.table.get_cell(micro.arn, "base")) == "Nova Micro"
        assert str(screen.table.get_cell(micro.arn, "job")) == "support-bot-nova-micro-ft-003"
        served = sum(1 for name in names if serving_of(app, name)[0] != "-")
        assert served >= 2 and f"{len(names)} · {served} served" in text(
            screen.query_one("#models-header")
        )

        await pilot.press("slash", *"micro", "enter")
        await pilot.pause()
        narrowed = shown(app)
        assert {MICRO, MICRO_5} <= set(narrowed) and TITAN not in narrowed
        assert f"{len(narrowed)} of {len(names)}" in text(screen.query_one("#models-header"))
        await pilot.press("escape")
        await pilot.pause()
        assert len(shown(app)) == len(names), "escape clears the filter"

        await pilot.press("N")
        await pilot.pause()
        assert shown(app) == sorted(names, key=str.lower)
        await pilot.press("N")
        await pilot.pause()
        assert shown(app) == sorted(names, key=str.lower, reverse=True)
        await pilot.press("V")
        await pilot.pause()
        column = [serving_of(app, name)[0] for name in shown(app)]
        assert column[0] != "-" and column == sorted(column, key=lambda c: c == "-"), (
            "what is served first"
        )


async def test_at_80_columns_each_model_shows_its_name_base_serving_and_time_whole(
    aws_env: SimServer, tmp_path: Path
) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_models(pilot)
        lines = screen_text(app).splitlines()
        for row in screen.rows.values():
            made = row.created.astimezone().strftime("%m-%d %H:%M")
            line = next(line for line in lines if line.startswith(f" {row.name} "))
            assert row.base in line and row.serving_text in line
            assert line.rstrip().endswith(made), line


async def test_when_what_serves_the_models_cannot_be_read_nobody_is_told_they_are_unused(
    models_world: SimServer, tmp_path: Path
) -> None:
    """Without ListCustomModelDeployments, a served model must not look idle: its serving
    is "?", the header counts none, and try it says why it cannot tell."""
    from ftui.sim.faults import parse_fault

    models_world.faults.add([parse_fault("access-denied:ListCustomModelDeployments")])
    app = make_app(models_world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        models = await open_models(pilot)
        assert serving_of(app, MICRO_5)[0] == "?"
        assert "what serves them: unknown" in text(models.query_one("#models-header"))
        assert "AccessDeniedException" in text(models.query_one("#models-status"))
        point_at(models, MICRO_5)
        await pilot.press("t")
        await pilot.pause()
        assert app.screen is models
        assert any(f"What serves {MICRO_5} could not be read" in t for t in toasts(app))


async def test_the_list_stops_reading_every_model_while_a_model_is_open(
    models_world: SimServer, tmp_path: Path
) -> None:
    """A deployment on its way is followed by the screen in view, not also by the list under
    it: that would be every model's details every few seconds, for nothing."""
    unserve(models_world, MICRO)
    bedrock(models_world).create_custom_model_deployment(  # Creating: the list follows it
        modelDeploymentName="micro-live", modelArn=model_arn(models_world, MICRO)
    )
    app = make_app(models_world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_models(pilot)
        await open_detail(pilot, MICRO)
        models_world.calls.clear()
        await pilot.pause(1.0)  # five of the list's follow-up intervals (0.2 s here)
        assert "ListCustomModels" not in operations(models_world)


async def test_details_not_read_are_not_guessed(models_world: SimServer, tmp_path: Path) -> None:
    """Without GetCustomModel, a model's job and KMS key are unknown, not "AWS owned"."""
    from ftui.sim.faults import parse_fault

    models_world.faults.add([parse_fault("access-denied:GetCustomModel")])
    app = make_app(models_world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_models(pilot)
        row = next(r for r in screen.rows.values() if r.name == MICRO)
        assert str(screen.table.get_cell(row.arn, "kms")) == "…"
        assert str(screen.table.get_cell(row.arn, "job")) == "…"
        assert "could not be read" in text(screen.query_one("#models-status"))


async def test_the_models_show_before_their_details_and_a_deployment_is_followed_cheaply(
    models_world: SimServer, tmp_path: Path
) -> None:
    """Two calls a model for its job, key and tags must not hold back the list; following a
    deployment on its way reads the lists again, not every model's details."""
    from ftui.sim.faults import parse_fault

    models_world.faults.add([parse_fault("slow=2s:GetCustomModel")])
    app = make_app(models_world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await pilot.pause(1.0)
        assert MICRO in shown(app), "listed while the details are still on their way"
        screen = models_screen(app)
        row = next(r for r in screen.rows.values() if r.name == MICRO)
        assert str(screen.table.get_cell(row.arn, "job")) == "…"
        await settle(pilot)
        await pilot.pause()
        assert str(screen.table.get_cell(row.arn, "job")) == "support-bot-nova-micro-ft-003"
        models_world.faults.clear()

        unserve(models_world, MICRO)
        bedrock(models_world).create_custom_model_deployment(
            modelDeploymentName="micro-live", modelArn=model_arn(models_world, MICRO)
        )
        await pilot.press("r")
        await settle(pilot)
        models_world.calls.clear()
        await pilot.pause(1.0)  # followed: five intervals of 0.2 s here
        followed = operations(models_world)
        assert followed.count("ListCustomModels") >= 2, "followed"
        assert "GetCustomModel" not in followed and "ListTagsForResource" not in followed
        assert str(screen.table.get_cell(row.arn, "job")) == "support-bot-nova-micro-ft-003"


async def test_closing_a_dialog_over_the_list_reads_what_serves_the_models_not_their_details(
    models_world: SimServer, tmp_path: Path
) -> None:
    """Back on the list the lists are read again (something may have been deployed); every
    model's GetCustomModel and tags are not: they do not change."""
    app = make_app(models_world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_models(pilot)
        point_at(screen, TITAN)
        models_world.calls.clear()
        await pilot.press("x")  # unserved: the question
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        read = operations(models_world)
        assert "ListCustomModels" in read and "ListCustomModelDeployments" in read
        assert "GetCustomModel" not in read and "ListTagsForResource" not in read


async def test_a_read_overtaken_by_a_later_one_is_not_shown(
    models_world: SimServer, tmp_path: Path
) -> None:
    app = make_app(models_world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_models(pilot)
        before = dict(screen.rows)
        stale = ModelsScreen.Loaded([], {}, final=True, read=screen._reads - 1)
        screen.post_message(stale)
        await pilot.pause()
        assert screen.rows == before and MICRO in shown(app)
