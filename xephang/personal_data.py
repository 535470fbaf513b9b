"""`xephang personal-data find|erase`: a citizen asks what the hall keeps on them, or that it be erased.

An admin device does it through the running server (which holds the data in memory and writes the audit log).
The ID number is asked for at a prompt that does not echo it, so it stays out of the shell's history and off
the screen; nothing printed here repeats it.
"""
import asyncio
import getpass
import sys

from queue_protocol.client import CommandRefused, QueueClient, ServerUnavailable
from queue_protocol.device_options import add_device_options, device_problem
from queue_protocol.messages import Dossier, ErasePersonalData, FindPersonalData, Ok
from queue_protocol.states import STATUS_TEXTS

ID_PROMPT = "Số định danh cá nhân (12 chữ số) / Personal ID number (12 digits): "


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "personal-data", help="tìm, xoá dữ liệu cá nhân theo yêu cầu / find, erase personal data on request",
        description="Dữ liệu cá nhân của một công dân, theo yêu cầu của họ / A citizen's personal data, on their "
                    "request: find everything the hall keeps on them, then erase it (docs/privacy.md).")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    find = actions.add_parser("find", help="tìm theo số định danh, họ tên, số điện thoại / find by ID, name, phone")
    erase = actions.add_parser("erase", help="xoá theo số định danh, mã hồ sơ / erase by ID number, dossier codes")
    for action in (find, erase):
        add_device_options(action, "admin-1", tool=True)  # an admin device
        action.add_argument("--personal-id", action="store_true",
                            help="ask for the citizen's ID number (typed, not shown)")
    find.add_argument("--name", help="họ tên đầy đủ / full name")
    find.add_argument("--phone", help="số điện thoại / phone number")
    erase.add_argument("--dossier", action="append", default=[], metavar="CODE",
                       help="mã hồ sơ / a dossier code (repeat for several)")
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    parser.set_defaults(run=run)


def ask_personal_id() -> str:
    if sys.stdin.isatty():
        return getpass.getpass(ID_PROMPT).strip()
    return sys.stdin.readline().strip()  # piped in by a script: still never on a command line


def run(args) -> int:
    if problem := device_problem(args.server, args.token, args.ca_file):
        print(problem, file=sys.stderr)
        return 2
    personal_id = ask_personal_id() if args.personal_id else None
    if args.action == "erase" and not args.yes and not _confirmed(args.dossier, personal_id is not None):
        print("Không xoá gì / Nothing erased")
        return 1
    client = QueueClient(args.server, "admin", args.device, args.token, ca_file=args.ca_file)
    command: FindPersonalData | ErasePersonalData
    if args.action == "find":
        command = FindPersonalData(id=client.new_id(), personal_id=personal_id, name=args.name, phone=args.phone)
    else:
        command = ErasePersonalData(id=client.new_id(), personal_id=personal_id, dossiers=args.dossier)

    async def main() -> Ok:
        async with client.session(timeout=args.timeout):
            return await client.request(command, timeout=15)

    try:
        reply = asyncio.run(main())
    except ServerUnavailable:
        print(client.unreachable(), file=sys.stderr)
        return 1
    except CommandRefused as refused:
        print(f"{refused.error.message.vi}\n{refused.error.message.en}", file=sys.stderr)
        return 1
    print(found_text(reply) if args.action == "find" else erased_text(reply))
    return 0


def _confirmed(codes: list[str], by_card: bool) -> bool:
    what = ", ".join(codes + (["hồ sơ và số của thẻ căn cước / the ID card's dossiers and tickets"] if by_card else []))
    try:
        answer = input(f"Xoá họ tên, số điện thoại, số định danh của: {what}?\n"
                       f"Erase the names, phones and ID numbers of: {what}? [c/y = có/yes] ")
    except EOFError:  # nobody there to say yes
        return False
    return answer.strip().lower() in ("c", "có", "co", "y", "yes")


def _dossier_lines(dossier: Dossier) -> list[str]:
    status = STATUS_TEXTS[dossier.status]
    return [f"  {dossier.code}  {dossier.service}  {status.on_one_line()}",
            f"    Người nộp / Applicant: {dossier.applicant or '—'}    "
            f"Điện thoại / Phone: {dossier.phone or '—'}",
            f"    Tiếp nhận / Received: {dossier.received_at or '—'}    Hẹn trả / Due: {dossier.due_at}"]


def found_text(reply: Ok) -> str:
    dossiers, tickets = reply.dossiers or [], reply.tickets or []
    lines = [f"Hồ sơ / Dossiers: {len(dossiers)}"]
    for dossier in dossiers:
        lines += _dossier_lines(dossier)
    lines.append(f"Số thứ tự hôm nay lấy bằng thẻ căn cước / Today's tickets taken with the ID card: {len(tickets)}")
    lines += [f"  {t.number}  {t.service}  {t.issued_at}" for t in tickets]
    lines.append("Số của các ngày trước không còn gắn với ai / Earlier days' tickets are linked to nobody.")
    return "\n".join(lines)


def erased_text(reply: Ok) -> str:
    codes = [d.code for d in reply.dossiers or []]
    return (f"Đã xoá dữ liệu cá nhân của {len(codes)} hồ sơ, bỏ liên kết {len(reply.tickets or [])} số thứ tự / "
            f"Erased the personal data of {len(codes)} dossier(s), unlinked {len(reply.tickets or [])} ticket(s)"
            + "".join(f"\n  {code}" for code in codes))
