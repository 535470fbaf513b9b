"""Snapshots split into frames within the limit and joined again (queue_protocol/paging.py)."""
import msgspec

from bench.hall_setup import longest_ready_dossiers
from queue_protocol import paging
from queue_protocol.messages import (
    CounterInfo,
    Dossier,
    HallInfo,
    Resync,
    ServiceInfo,
    Snapshot,
    SnapshotPart,
    Welcome,
    decode_server,
)
from queue_protocol.states import CounterState, DossierStatus

HALL = HallInfo(name="Trung tâm Phục vụ hành chính công", name_en="Public Administration Service Centre",
                timezone="Asia/Ho_Chi_Minh", footer="", day="2026-12-03", server_time="2026-12-03T09:00:00+07:00")


def snapshot(services=3, counters=4, dossiers=0) -> Snapshot:
    return Snapshot(
        hall=HALL,
        services=[ServiceInfo(code=f"S{i}", name=f"Lĩnh vực {i}", name_en=f"Service {i}", priority_allowed=True,
                              pickup=False, hours=[], open=True, waiting=i, waiting_priority=0, estimated_wait_s=0,
                              counters=[1]) for i in range(services)],
        counters=[CounterInfo(number=n, name=f"Quầy {n}", services=["S0"], state=CounterState.OPEN)
                  for n in range(1, counters + 1)],
        dossiers_ready=[Dossier(code=d.code, applicant=d.applicant, service=d.service, status=DossierStatus.READY,
                                due_at=d.due_at, phone=d.phone, received_at=d.received_at, counter=7)
                        for d in longest_ready_dossiers(dossiers)])


def frames_of(snapshot: Snapshot, envelope=lambda first: Welcome(role="integration", device="đ" * 64, protocol=1,
                                                                 snapshot=first), limit: int = 65536) -> list[str]:
    """The frames a server sends: the envelope around the first snapshot (the longest device id), then parts."""
    first, parts = paging.split(snapshot, limit)
    return [msgspec.json.encode(envelope(first)).decode()] + parts


def joined(frames: list[str]) -> Snapshot:
    first, *parts = [decode_server(frame) for frame in frames]
    joining = paging.Joining(first.snapshot)
    for part in parts:
        assert isinstance(part, SnapshotPart) and not joining.complete
        joining.add(part)
    assert joining.complete
    return joining.snapshot


def test_a_snapshot_that_fits_is_one_frame_as_before():
    small = snapshot(dossiers=3)
    assert paging.split(small) == (small, [])


def test_a_large_snapshot_comes_in_frames_within_the_limit_and_joins_whole():
    large = snapshot(dossiers=1500)
    frames = frames_of(large)
    assert len(msgspec.json.encode(large)) > 5 * 65536   # the full names of an admin's view
    assert len(frames) >= 6
    assert all(len(frame.encode()) <= 65536 for frame in frames)
    first = decode_server(frames[0])
    assert first.snapshot.more and first.snapshot.services == large.services   # small lists whole at once
    assert [decode_server(frame).more for frame in frames[1:]] == [True] * (len(frames) - 2) + [False]
    assert joined(frames) == large


def test_every_list_may_spill_over_in_order_at_a_small_limit():
    many = snapshot(services=40, counters=60, dossiers=30)
    frames = frames_of(many, lambda first: Resync(snapshot=first), limit=4096)
    assert all(len(frame.encode()) <= 4096 for frame in frames)
    assert isinstance(decode_server(frames[0]), Resync)
    assert joined(frames) == many


def test_a_snapshot_part_carries_every_list_a_snapshot_has():
    assert paging.LIST_FIELDS == tuple(name for name in SnapshotPart.__struct_fields__ if name != "more")
