from itertools import pairwise

from escpos.printer import Dummy
from hypothesis import given, settings, strategies as st
from PIL import Image

from printers.job import FRAGMENT_ROWS, encode_ticket, ticket_profile
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


def escpos_own_encoding(image: Image.Image, profile) -> bytes:
    """What python-escpos's image() sends for the same job: the reference our faster encoding must equal."""
    printer = Dummy()
    printer.profile = profile
    printer.hw("INIT")
    for top in range(0, image.height, FRAGMENT_ROWS):
        printer.image(image.crop((0, top, image.width, min(top + FRAGMENT_ROWS, image.height))), center=True)
    printer.cut()
    return printer.output


@settings(max_examples=60, deadline=None)
@given(width=st.integers(1, 384), height=st.integers(1, 40), seed=st.binary(min_size=1, max_size=64),
       width_mm=st.sampled_from([58, 80]))
def test_encoding_equals_escpos_own_for_any_width(width, height, seed, width_mm):
    """Any width, multiple of 8 or not, is centred on white paper exactly as python-escpos would."""
    pixels = (seed * (width * height // len(seed) + 1))[: width * height]
    image = Image.frombytes("L", (width, height), pixels).convert("1", dither=Image.Dither.NONE)
    profile = ticket_profile(width_mm)
    assert encode_ticket(image, profile) == escpos_own_encoding(image, profile)


def test_a_tall_ticket_goes_in_blocks_escpos_would_send(ticket_image):
    tall = Image.new("1", (ticket_image.width, ticket_image.height * 2))
    tall.paste(ticket_image, (0, 0))
    tall.paste(ticket_image, (0, ticket_image.height))
    job = encode_ticket(tall, ticket_profile(80))
    commands, _ = parse(job)
    heights = [command.height for command in commands if command.name == "raster"]
    assert heights == [FRAGMENT_ROWS] * (len(heights) - 1) + [tall.height - FRAGMENT_ROWS * (len(heights) - 1)]
    assert len(heights) == -(-tall.height // FRAGMENT_ROWS)
    assert raster_image(commands).tobytes() == tall.tobytes()
    assert job == escpos_own_encoding(tall, ticket_profile(80))


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
    for start, end in pairwise(pieces):
        found, pending = parse(pending + stream[start:end])
        chunks += found
    assert chunks == whole and pending == whole_rest


def test_split_tickets_drops_the_unfinished_one():
    one = encode_ticket(checkerboard(), ticket_profile(80))
    commands, _ = parse(one + one + one[:20])
    assert len(split_tickets(commands)) == 2
