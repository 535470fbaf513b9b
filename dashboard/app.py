"""The dashboard's web application: pages, sign-in, the live stream, downloads. Starlette routes over the
pieces that do the work (LiveHall, History, figures, exports)."""
import asyncio
import contextlib
import functools
import logging
import secrets
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from dashboard import export
from dashboard.adjustments import FORMS, FormProblem, adjustment_command, adjustments_panel
from dashboard.charts import chart_data
from dashboard.history import DOSSIER_FILTERS, History
from dashboard.live import LiveHall
from dashboard.live_model import live_panel
from dashboard.sessions import COOKIE, Session, Sessions
from dashboard.texts import (
    LANGUAGES,
    category_name,
    clerk_name,
    format_day,
    format_number,
    phrase,
    service_name,
    translator,
)
from dashboard.throttle import Throttle
from queue_protocol.client import CommandRefused, ServerUnavailable
from queue_protocol.dates import InvalidDay, parse_day
from queue_protocol.states import RESULT_OUT, STATUS_TEXTS
from queue_protocol.text import Text
from queue_server.config import HallConfig
from queue_server.dossiers import mask_name
from queue_server.passwords import hash_password, verify_password

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
LANG_COOKIE = "xephang_lang"
STREAM_REFRESH_S = 10  # the live page is redrawn at least this often: waits grow without any event
DOSSIERS_SHOWN = 200
ADJUST_TIMEOUT_S = 10  # an adjustment the queue server has not answered by then is reported as not made
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
                                 b"form-action 'self'; base-uri 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]


class Dashboard:
    def __init__(self, config: HallConfig, db_path, server_url: str, throttle: Throttle | None = None,
                 ca_file: str | None = None):
        self.config = config
        self.history = History(db_path)
        self.live = LiveHall(config, self.history, server_url, ca_file)
        self.sessions = Sessions()
        self.throttle = throttle or Throttle()
        self.accounts = {m.id: m for m in config.managers}
        # Checked when the account is unknown: as slow as a real account, so timing tells no account names.
        self.decoy_hash = hash_password(secrets.token_hex(16))
        self.templates = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(),
                                     trim_blocks=True, lstrip_blocks=True)

    # --- plumbing ---------------------------------------------------------------------------------

    def lang(self, request: Request) -> str:
        lang = request.cookies.get(LANG_COOKIE)
        return lang if lang in LANGUAGES else "vi"

    def session(self, request: Request) -> Session | None:
        return self.sessions.get(request.cookies.get(COOKIE))

    def render(self, request: Request, template: str, session: Session | None, status: int = 200,
               **context) -> HTMLResponse:
        lang = self.lang(request)
        html = self.templates.get_template(template).render(
            hall=self.config.hall, number=lambda value, digits=0: format_number(value, lang, digits),
            service_name=lambda code: service_name(self.config, code),
            clerk_name=lambda clerk_id: clerk_name(self.config, clerk_id),
            category_name=lambda code: category_name(self.config, code), **self._words(lang),
            session=session, account=session.account if session else None, path=request.url.path,
            here=quote(str(request.url.path) + (f"?{request.url.query}" if request.url.query else "")), **context)
        return HTMLResponse(html, status_code=status)

    @staticmethod
    def _words(lang: str) -> dict:
        """What every template writes with: t("key"), pick(a Text), status("ready"), day("2026-12-03")."""
        return dict(t=translator(lang), lang=lang, pick=lambda text: text.primary(lang),
                    status=lambda value: STATUS_TEXTS[value].primary(lang), day=format_day)

    def _set_session_cookie(self, request: Request, response: Response, session: Session) -> None:
        # HttpOnly: no script reads it; SameSite=Strict: no other site sends it; Secure behind HTTPS.
        response.set_cookie(COOKIE, session.id, httponly=True, samesite="strict",
                            secure=request.url.scheme == "https", path="/")

    # --- pages ------------------------------------------------------------------------------------

    async def healthz(self, request: Request) -> JSONResponse:
        readable = await run_in_threadpool(self.history.readable)
        healthy = readable and self.live.connected
        return JSONResponse({"status": "ok" if healthy else "degraded", "hall": self.config.hall.name,
                             "queue_server": "connected" if self.live.connected else "disconnected",
                             "database": "readable" if readable else "unreadable"},
                            status_code=200 if healthy else 503)

    async def login_page(self, request: Request) -> Response:
        session = self.session(request)
        if session is not None and session.account is not None:
            return RedirectResponse("/", status_code=303)
        return self._login_form(request, session or self.sessions.new())

    def _login_form(self, request: Request, session: Session, error: str = "", status: int = 200,
                    account_id: str = "") -> Response:
        response = self.render(request, "login.html", session, status=status, error=error, account_id=account_id,
                               request_next=quote(request.query_params.get("next", "")))
        self._set_session_cookie(request, response, session)
        return response

    async def login(self, request: Request) -> Response:
        session = self.session(request)
        form = await request.form()
        t = translator(self.lang(request))
        if session is None or not session.csrf_matches(form.get("csrf")):
            return self._login_form(request, self.sessions.new(), t("csrf"), 403)
        account_id = str(form.get("account", "")).strip()
        keys = (f"account:{account_id.casefold()}", f"address:{request.client.host if request.client else ''}")
        wait_s = self.throttle.retry_after_s(*keys)
        if wait_s:
            return self._login_form(request, session, t("throttled", minutes=max(1, round(wait_s / 60))), 429,
                                    account_id)
        account = self.accounts.get(account_id)
        # The hash is checked even for an unknown account, so the time taken does not tell which accounts exist.
        password = str(form.get("password", ""))
        matches = await run_in_threadpool(verify_password, account.password_hash if account else self.decoy_hash,
                                          password)
        if account is None or not matches:
            self.throttle.failed(*keys)
            return self._login_form(request, session, t("wrong_password"), 401, account_id)
        self.throttle.succeeded(*keys)
        self.sessions.drop(session.id)  # a new id at sign-in: an id seen before it is worth nothing after
        signed_in = self.sessions.new(account)
        response = RedirectResponse(request.query_params.get("next") or "/", status_code=303)
        if not response.headers["location"].startswith("/") or response.headers["location"].startswith("//"):
            response.headers["location"] = "/"
        self._set_session_cookie(request, response, signed_in)
        return response

    async def logout(self, request: Request) -> Response:
        session = self.session(request)
        form = await request.form()
        if session is None or not session.csrf_matches(form.get("csrf")):
            return self.render(request, "error.html", session, status=403, message_key="csrf")
        self.sessions.drop(session.id)
        response = RedirectResponse("/login?signed_out=1", status_code=303)
        response.delete_cookie(COOKIE, path="/")
        return response

    async def language(self, request: Request) -> Response:
        lang = request.path_params["lang"]
        target = request.query_params.get("next", "/")
        if not target.startswith("/") or target.startswith("//"):
            target = "/"
        response = RedirectResponse(target, status_code=303)
        if lang in LANGUAGES:
            response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="lax", path="/")
        return response

    def live_context(self, session: Session) -> dict:
        return dict(live_panel(self.live.view, self.live.facts, self.config, self.live.now(), self.live.connected,
                               full_names=session.is_manager), offline_reason=self.live.offline_reason)

    async def live_page(self, request: Request, session: Session) -> Response:
        live = self.live_context(session)
        if session.is_manager:  # the page, not each redraw of its stream: one line per reading
            full_names_shown(session, "live page", live["ready"] + live["overdue"])
        return self.render(request, "live.html", session, live=live)

    async def live_stream(self, request: Request, session: Session) -> Response:
        """Server-sent events: the live panel, redrawn on every change of the hall."""
        lang = self.lang(request)
        template = self.templates.get_template("live_panel.html")

        async def frames():
            version = -1
            while True:
                if self.sessions.get(session.id) is None:  # signed out elsewhere: stop sending
                    return
                version = self.live.version
                html = template.render(live=self.live_context(session), **self._words(lang))
                yield "".join(f"data: {line}\n" for line in html.splitlines()) + "\n"
                await self.live.changed(version, STREAM_REFRESH_S)
        return StreamingResponse(frames(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    def period(self, request: Request) -> tuple[date, date, bool]:
        """The asked period (default: today in the hall's time zone) and whether it was understood."""
        today = datetime.now(self.config.zone).date()
        try:
            first = parse_day(request.query_params.get("from") or today.isoformat())
            last = parse_day(request.query_params.get("to") or first.isoformat())
        except InvalidDay:
            return today, today, False
        if first > last or (last - first).days > 3660:
            return today, today, False
        return first, last, True

    async def reports_page(self, request: Request, session: Session) -> Response:
        first, last, understood = self.period(request)
        report = None
        if understood:
            try:
                report = await run_in_threadpool(self.history.report, first, last, self.config.zone)
            except Exception:  # no database yet: the page says so
                report = None
        today = datetime.now(self.config.zone).date()
        shortcuts = [("today", today, today), ("this_week", today - timedelta(days=6), today),
                     ("this_month", today.replace(day=1), today), ("this_year", today.replace(month=1, day=1), today)]
        lang = self.lang(request)
        return self.render(request, "reports.html", session, first=first, last=last, understood=understood,
                           report=report, shortcuts=shortcuts,
                           services=export.in_config_order(report.by_service, export.services_of(self.config))
                           if report else [],
                           clerks=export.in_config_order(report.by_clerk, export.clerks_of(self.config))
                           if report else [],
                           categories=export.in_config_order(report.by_category, export.categories_of(self.config))
                           if report else [],
                           levels=export.rating_columns(report, self.config) if report else [],
                           charts=chart_data(report, self.config, translator(lang), lang) if report else None,
                           query=f"from={first.isoformat()}&to={last.isoformat()}")

    async def count_this_year(self) -> None:
        """The year's days counted once at start and kept (History.finished): the manager's first report of the
        year is then as quick as the next ones."""
        today = datetime.now(self.config.zone).date()
        try:
            await run_in_threadpool(self.history.report, today.replace(month=1, day=1), today, self.config.zone)
        except Exception as error:  # no database yet: the first report counts them
            log.info("the year's days not counted at start: %s", error)

    async def report_xlsx(self, request: Request, session: Session) -> Response:
        first, last, understood = self.period(request)
        if not understood:
            return self.render(request, "error.html", session, status=400, message_key="bad_period")
        report = await run_in_threadpool(self.history.report, first, last, self.config.zone)
        body = await run_in_threadpool(export.xlsx_of_period, self.history, report, first, last, self.config)
        return Response(body, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": f'attachment; filename="{export.file_name(first, last)}.xlsx"'})

    async def report_csv(self, request: Request, session: Session) -> Response:
        first, last, understood = self.period(request)
        if not understood:
            return self.render(request, "error.html", session, status=400, message_key="bad_period")
        body = await run_in_threadpool(export.csv_of_period, self.history, first, last, self.config)
        return Response(body, media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{export.file_name(first, last)}.csv"'})

    async def dossiers_page(self, request: Request, session: Session) -> Response:
        query = request.query_params.get("q", "").strip()
        status = request.query_params.get("status", "all")
        today = datetime.now(self.config.zone).date()
        rows, error = [], False
        try:
            rows = await run_in_threadpool(self.history.find_dossiers, query, status, today, session.is_manager,
                                           DOSSIERS_SHOWN + 1)
        except Exception:
            error = True
        if not session.is_manager:
            rows = [dict(row, applicant=mask_name(row["applicant"]), phone=None) for row in rows]
        else:
            full_names_shown(session, "dossiers page", rows[:DOSSIERS_SHOWN])
        rows = [dict(row, overdue=row["status"] not in RESULT_OUT and row["due_at"][:10] < today.isoformat())
                for row in rows]
        return self.render(request, "dossiers.html", session, query=query, wanted_status=status,
                           filters=DOSSIER_FILTERS, rows=rows[:DOSSIERS_SHOWN], limited=len(rows) > DOSSIERS_SHOWN,
                           error=error)

    async def adjustments_page(self, request: Request, session: Session, status: int = 200,
                               error: Text | None = None) -> Response:
        return self.render(request, "adjustments.html", session, status=status, error=error,
                           adjust=adjustments_panel(self.live.view, self.config), connected=self.live.connected,
                           saved=request.query_params.get("saved") in FORMS and status == 200)

    async def adjust(self, request: Request, session: Session) -> Response:
        """A manager's adjustment for today, sent to the queue server in the manager's name."""
        form = await request.form()
        if not session.csrf_matches(form.get("csrf")):
            return self.render(request, "error.html", session, status=403, message_key="csrf")
        if not session.is_manager:
            return self.render(request, "error.html", session, status=403, message_key="viewer_cannot_adjust")
        name = request.path_params["form"]
        try:
            client, account = self.live.client, session.account
            if client is None or not self.live.connected:
                raise ServerUnavailable(0)
            assert account is not None  # a manager's session
            command = adjustment_command(name, form, self.config, account.id, client.new_id())
            await client.request(command, timeout=ADJUST_TIMEOUT_S)
        except FormProblem as problem:
            return await self.adjustments_page(request, session, 400, problem.text)
        except CommandRefused as refused:
            return await self.adjustments_page(request, session, 400, refused.error.message)
        except ServerUnavailable:
            return await self.adjustments_page(request, session, 503, phrase("server_unreachable"))
        return RedirectResponse(f"/adjustments?saved={name}", status_code=303)

    async def not_found(self, request: Request, exc) -> Response:
        return self.render(request, "error.html", self.session(request), status=404, message_key="not_found")


def full_names_shown(session: Session, page: str, dossiers: list[dict]) -> None:
    """A manager about to read applicants' full names: the dashboard's log says who, where and whose (the
    queue server audits its own admin readings in the events table)."""
    named = [d["code"] for d in dossiers if d["applicant"]]
    if named and session.account is not None:
        log.info("manager %s was shown the full names of %d dossier(s) (%s): %s",
                 session.account.id, len(named), page, " ".join(named))


def signed_in(handler, manager_only: bool = False):
    """Pages behind the sign-in: anyone else is sent to the login page, which brings them back after."""
    @functools.wraps(handler)
    async def guarded(request: Request) -> Response:
        dashboard: Dashboard = request.app.state.dashboard
        session = dashboard.session(request)
        if session is None or session.account is None:
            return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
        return await handler(request, session)
    return guarded


class SecurityHeaders:
    """Adds the security headers to every HTTP response (plain ASGI: it leaves the live stream unbuffered)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)
        await self.app(scope, receive, send_with_headers)


def build_app(dashboard: Dashboard) -> Starlette:
    @contextlib.asynccontextmanager
    async def lifespan(app):
        task = asyncio.create_task(dashboard.live.run())
        counting = asyncio.create_task(dashboard.count_this_year())
        try:
            yield
        finally:
            await dashboard.live.close()
            task.cancel()
            counting.cancel()

    d = dashboard
    routes = [
        Route("/healthz", d.healthz),
        Route("/login", d.login_page, methods=["GET"]),
        Route("/login", d.login, methods=["POST"]),
        Route("/logout", d.logout, methods=["POST"]),
        Route("/lang/{lang}", d.language),
        Route("/", signed_in(d.live_page)),
        Route("/live/stream", signed_in(d.live_stream)),
        Route("/reports", signed_in(d.reports_page)),
        Route("/reports.xlsx", signed_in(d.report_xlsx)),
        Route("/reports.csv", signed_in(d.report_csv)),
        Route("/dossiers", signed_in(d.dossiers_page)),
        Route("/adjustments", signed_in(d.adjustments_page)),
        Route("/adjustments/{form}", signed_in(d.adjust), methods=["POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers={404: d.not_found})
    app.state.dashboard = dashboard
    app.add_middleware(SecurityHeaders)
    return app
