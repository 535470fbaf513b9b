"""The hall manager's adjustments for today: what the page shows (from the hall as the queue server tells it) and
the command each form sends. Pure: the page is tested without a browser, the forms without a server."""
from starlette.datastructures import FormData

from dashboard.texts import counter_name, phrase, service_name
from queue_protocol import messages as m
from queue_protocol.hall_view import HallView
from queue_protocol.text import Text
from queue_server.config import HallConfig

FORMS = ("counter", "service", "announcement")  # the forms of the page, each posted to /adjustments/<form>
SERVICE_CHOICES = {"closed": False, "opened": True, "hours": None}  # the service form's buttons -> open


class FormProblem(Exception):
    """What the manager sent cannot be sent on: .text says why, in both languages."""

    def __init__(self, text: Text):
        super().__init__(text.en)
        self.text = text


def adjustments_panel(view: HallView, config: HallConfig) -> dict:
    """Today's counters, services and announcement as the server holds them, beside the configuration's."""
    if not view.loaded or view.hall is None:
        return dict(loaded=False)
    every_service = [(s.code, service_name(config, s.code)) for s in config.services]
    counters = []
    for number, info in sorted(view.counters.items()):
        configured = config.configured_services(number)
        counters.append(dict(number=number, name=counter_name(config, number), services=list(info.services),
                             configured=[service_name(config, code) for code in configured],
                             adjusted=tuple(info.services) != tuple(configured)))
    services = [dict(code=info.code, name=service_name(config, info.code), hours=", ".join(info.hours),
                     open=info.open, open_today=info.open_today,
                     counters=[counter_name(config, n) for n in info.counters])
                for info in view.services.values()]
    return dict(loaded=True, counters=counters, services=services, every_service=every_service,
                announcement=view.hall.announcement, announcement_en=view.hall.announcement_en)


def adjustment_command(form_name: str, form: FormData, config: HallConfig, account: str, request_id: str) -> m.Command:
    """The command a form asks for, sent as `account`; form.getlist gives a field's every value (checkboxes)."""
    if form_name == "counter":
        number = _counter_number(_field(form, "counter"), config)
        if form.get("reset"):  # "the configuration's": its configured services again
            services = list(config.configured_services(number))
        else:
            services = [code for code in form.getlist("services")
                        if isinstance(code, str) and config.service(code) is not None]
        if not services:
            raise FormProblem(phrase("choose_a_service", counter=counter_name(config, number)))
        return m.SetCounterServices(id=request_id, counter=number, services=services, by=account)
    if form_name == "service":
        code, choice = _field(form, "service"), _field(form, "open")
        if config.service(code) is None or choice not in SERVICE_CHOICES:
            raise FormProblem(phrase("form_not_understood"))
        return m.SetServiceOpen(id=request_id, service=code, open=SERVICE_CHOICES[choice], by=account)
    if form_name == "announcement":
        clear = bool(form.get("clear"))
        return m.SetAnnouncement(id=request_id, by=account, text="" if clear else _field(form, "text").strip(),
                                 text_en="" if clear else _field(form, "text_en").strip())
    raise FormProblem(phrase("form_not_understood"))


def _field(form: FormData, name: str) -> str:
    """A text field's value; "" when missing (or, from a hand-made request, a file in its place)."""
    value = form.get(name, "")
    return value if isinstance(value, str) else ""


def _counter_number(value: str, config: HallConfig) -> int:
    if not value.isdigit() or config.counter(int(value)) is None:
        raise FormProblem(phrase("form_not_understood"))
    return int(value)
