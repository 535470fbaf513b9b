"""Every command from every role, allowed or refused (`not_allowed`) exactly as docs/protocol.md's table says."""
import asyncio
import itertools

import pytest

from queue_protocol.messages import COMMAND_TYPES
from tests.drills.protocol_tables import ROLES, allowed_matrix, command_examples
from tests.support import ws_session

DEVICE_OF_ROLE = {"kiosk": "kiosk-1", "counter": "counter-2", "display": "screen-1",
                  "integration": "integration-1", "admin": "admin-1", "rating": "rating-2"}


def test_the_doc_covers_every_command():
    assert set(allowed_matrix()) == set(COMMAND_TYPES)
    assert set(command_examples()) == set(COMMAND_TYPES)
    assert all(set(cells) == set(ROLES) for cells in allowed_matrix().values())


@pytest.mark.parametrize("role", ROLES)
def test_each_command_is_allowed_or_refused_as_documented(hall_server, role):
    matrix, examples = allowed_matrix(), command_examples()
    device = DEVICE_OF_ROLE[role]
    ids = itertools.count()

    async def scenario():
        mismatches = []
        async with ws_session(hall_server.url, "kiosk", "kiosk-2", "token-kiosk-2") as kiosk:
            await kiosk.request("issue_ticket", service="DD")  # something for counter 2 to call
        async with ws_session(hall_server.url, role, device, hall_server.token(device)) as session:
            assert session.welcome["type"] == "welcome"
            for command, cells in sorted(matrix.items()):
                fields = {k: v for k, v in examples[command].items() if k not in ("type", "id")}
                reply = await session.request(command, id=f"matrix-{next(ids)}", **fields)
                refused = reply["type"] == "error" and reply["code"] == "not_allowed"
                if refused != (not cells[role]):
                    mismatches.append((command, cells[role] or "refused", reply))
                if cells[role] == "own counter" and reply["type"] == "ok" and "counter" in reply:
                    assert reply["counter"]["number"] == 2, (command, reply)
                if refused:
                    assert reply["message"]["vi"] and reply["message"]["en"]
        return mismatches

    assert asyncio.run(scenario()) == []
