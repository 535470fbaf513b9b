"""Faults the clerk must understand: a device the server refuses, a server that is not there yet."""
import asyncio

from tests.counter.console_driver import Console, CounterApp, until


def run_briefly(url, device, token, check):
    async def scenario():
        app = CounterApp(server=url, device=device, token=token)
        task = asyncio.ensure_future(app.serve())
        try:
            await check(Console(app))
        finally:
            app.stop()
            await asyncio.wait_for(task, 10)
    asyncio.run(scenario())


def test_a_wrong_token_is_explained_not_retried(hall_server):
    async def check(console):
        await until(lambda: console.app.root is not None and "từ chối" in console.text("banner"),
                    what="refusal banner")
        assert "refused this device" in console.text("banner")
        assert not console.enabled("next") and not console.enabled("dossiers")
    run_briefly(hall_server.url, "counter-1", "wrong-token", check)


def test_started_before_the_server_it_connects_when_the_server_comes(make_hall_server):
    server = make_hall_server()
    url = server.url
    server.stop()

    async def check(console):
        await until(lambda: console.app.root is not None and "Đang kết nối" in console.text("banner"),
                    what="connecting banner")
        assert not console.enabled("next")
        server.start()
        await until(lambda: console.text("banner") == "" and console.text("counter_title") == "Quầy 2",
                    timeout=10, what="connected")
    run_briefly(url, "counter-2", server.token("counter-2"), check)
