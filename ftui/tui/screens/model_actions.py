"""What can be done to a custom model from the list and from its detail: deploy it, try it,
undeploy what serves it, delete it. Each asks first where AWS would bill or forget something.

The AWS calls run in the app's thread workers (a failure of one is told by the app); their
answers come back to the UI thread with ``call_from_thread``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from ftui.core.aws.errors import AwsError, Ok
from ftui.core.aws.serving import Serving
from ftui.core.custom_models.rows import ModelRow
from ftui.core.custom_models.usage import (
    ANSWERS_WHEN,
    DELETE_WARNING,
    Server,
    answering,
    delete_refusal,
    servers,
)
from ftui.tui.screens.confirm import ConfirmScreen


def _services(screen: Screen[Any]) -> Any:
    return screen.app


def _in_thread(screen: Screen[Any], name: str, work: Callable[[], None]) -> None:
    screen.app.run_worker(work, name=name, group="model-actions", thread=True, exit_on_error=False)


def deploy(screen: Screen[Any], row: ModelRow, *, then: Callable[[], None] | None = None) -> None:
    """The deploy dialog; ``then`` runs once something was deployed."""
    from ftui.tui.screens.deploy import DeployScreen

    def done(arn: str | None) -> None:
        if arn and then is not None:
            then()

    screen.app.push_screen(DeployScreen(row), done)


def try_it(screen: Screen[Any], row: ModelRow) -> None:
    if not row.serving_known:
        screen.notify(
            f"What serves {row.name} could not be read; r reads the list again.",
            title="Not known yet",
            severity="warning",
            markup=False,
        )
        return
    server = answering(row.serving)
    if server is None:
        moving = [s for s in row.serving if not s.answers]
        if moving:
            ready = ANSWERS_WHEN[moving[0].kind]
            message = f"{moving[0].label}: it answers once it is {ready}."
        else:
            message = f"{row.name} is not deployed: d deploys it, then t tries it."
        screen.notify(message, title="Nothing to talk to yet", severity="warning", markup=False)
        return
    from ftui.tui.screens.try_it import TryScreen

    screen.app.push_screen(TryScreen(row, server))


def delete(screen: Screen[Any], row: ModelRow, *, then: Callable[[], None]) -> None:
    """Delete ``row``'s model: refused while anything serves it, asked before, said after."""
    app = screen.app
    session = _services(screen).session

    def refuse(message: str) -> None:
        app.notify(message, title=f"{row.name} is not deleted", severity="error", markup=False)

    def ask() -> None:
        def answer(yes: bool | None) -> None:
            if yes:
                _in_thread(screen, f"delete {row.name}", send)

        app.push_screen(
            ConfirmScreen(
                f"Delete the custom model {row.name}?", DELETE_WARNING, yes="Delete", danger=True
            ),
            answer,
        )

    def check() -> None:
        """What serves the model, read again now: the list on screen may be minutes old."""
        serving = Serving(session, row.region)
        deployments = serving.deployments(row.arn)
        throughputs = serving.throughputs(row.arn) if isinstance(deployments, Ok) else deployments
        if isinstance(deployments, AwsError) or isinstance(throughputs, AwsError):
            error = deployments if isinstance(deployments, AwsError) else throughputs
            app.call_from_thread(
                refuse, f"What serves the model could not be read, so it is not deleted: {error}"
            )
            return
        assert isinstance(throughputs, Ok)
        using = [s for s in servers(deployments.value, throughputs.value) if s.model_arn == row.arn]
        refusal = delete_refusal(row.name, using)
        if refusal:
            app.call_from_thread(refuse, refusal)
        else:
            app.call_from_thread(ask)

    def send() -> None:
        result = Serving(session, row.region).delete_model(row.arn)
        if isinstance(result, AwsError):
            app.call_from_thread(refuse, str(result))
            return
        app.call_from_thread(app.notify, f"Deleted the custom model {row.name}.", markup=False)
        app.call_from_thread(then)

    _in_thread(screen, f"check {row.name}", check)


def undeploy(screen: Screen[Any], server: Server, *, then: Callable[[], None]) -> None:
    """Delete a deployment or a Provisioned Throughput, after asking."""
    app = screen.app
    session = _services(screen).session
    region = server.region
    billing = (
        "Clients that call its ARN get errors from then on. An idle on-demand deployment costs"
        " nothing: undeploying saves no money, it only stops answers."
        if server.kind == "deployment"
        else "Its hourly billing stops. A commitment that has not ended cannot be deleted: AWS"
        " refuses, and says until when."
    )

    def send() -> None:
        serving = Serving(session, region)
        result = (
            serving.undeploy(server.arn)
            if server.kind == "deployment"
            else serving.deprovision(server.arn)
        )
        if isinstance(result, AwsError):
            app.call_from_thread(
                app.notify,
                str(result),
                title=f"{server.name} stays",
                severity="error",
                markup=False,
            )
            return
        app.call_from_thread(app.notify, f"Deleted the {server.kind} {server.name}.", markup=False)
        app.call_from_thread(then)

    def answer(yes: bool | None) -> None:
        if yes:
            _in_thread(screen, f"undeploy {server.name}", send)

    app.push_screen(
        ConfirmScreen(
            f"Delete the {server.kind} {server.name}?", billing, yes="Delete", danger=True
        ),
        answer,
    )
