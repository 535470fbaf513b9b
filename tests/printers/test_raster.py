from hypothesis import given, settings, strategies as st
from PIL import Image

from printers.job import encode_ticket, ticket_profile
from printers.raster import parse, raster_image, split_tickets


def checkerboard(width=64, height=24) -> Image.Image:
    image = Image.new("1", (width, height), 1)
    image.putdata([(x // 8 + y // 8) % 2 for y in range(height) for x in range(width)])
    return image


def test_decodes_what_escpos_encodes():
    image = checkerboard()
    commands, rest = parse(encode_ticket(image, ticket_profile(58)))
    assert rest == b""
    assert [command.name for command in commands] == ["init", "raster", "feed", "cut"]
    # escpos centres the image on the 384-dot paper: decode, then find it in the middle
    decoded = raster_image(commands)
    assert decoded.size == (384, 24)
    offset = (384 - 64) // 2
    assert decoded.crop((offset, 0, offset + 64, 24)).tobytes() == image.tobytes()


def test_status_query_bytes_inside_an_image_are_image_data():
    image = Image.frombytes("1", (24, 1), bytes((0x10, 0x04, 0x01)).translate(bytes(255 - v for v in range(256))))
    commands, _ = parse(b"\x1dv0\x00\x03\x00\x01\x00" + b"\x10\x04\x01" + b"\x10\x04\x04")
    assert [command.name for command in commands] == ["raster", "status-query"]
    assert commands[1].argument == 4
    assert raster_image(commands).tobytes() == image.tobytes()


@settings(max_examples=40, deadline=None)
@given(cuts=st.lists(st.integers(min_value=0, max_value=400), max_size=6))
def test_parsing_in_chunks_gives_the_same_commands(cuts):
    stream = b"\x10\x04\x01" + encode_ticket(checkerboard(), ticket_profile(80))[:350] + b"\x1dV\x00\x1dVA\x03"
    whole, whole_rest = parse(stream)
    chunks, pending, pieces = [], b"", sorted({0, len(stream), *(cut % len(stream) for cut in cuts)})
    for start, end in zip(pieces, pieces[1:]):
        found, pending = parse(pending + stream[start:end])
        chunks += found
    assert chunks == whole and pending == whole_rest


def test_split_tickets_drops_the_unfinished_one():
    one = encode_ticket(checkerboard(), ticket_profile(80))
    commands, _ = parse(one + one + one[:20])
    assert len(split_tickets(commands)) == 2
