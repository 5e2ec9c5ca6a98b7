"""Reading ESC/POS back into paper, as the simulated network printer does."""

from hardware.printer.base import PAPERS
from hardware.printer.escpos_job import encode
from hardware.printer.escpos_render import EscposStream, render_escpos
from tests.hardware.printer.conftest import RECEIPT, inked_rows


def test_bytes_arriving_one_at_a_time_print_the_same_paper():
    job = encode(RECEIPT, PAPERS[80], "cp949")
    whole, _ = render_escpos(job, PAPERS[80])
    stream = EscposStream(PAPERS[80])
    for i in range(len(job)):
        stream.feed(job[i:i + 1])
    assert stream.paper_image().tobytes() == whole.tobytes()


def test_status_requests_are_answered_in_order_and_print_nothing():
    asked = []
    stream = EscposStream(PAPERS[58])
    stream.feed(b"\x10\x04\x01\x10\x04\x04", asked.append)
    assert asked == [1, 4]
    assert stream.parts == [] and stream.status_requests == 2


def test_text_is_inked_and_a_cut_is_counted():
    stream = EscposStream(PAPERS[58])
    stream.feed(b"\x1b@\x1c&" + "합계 1,000원".encode("cp949") + b"\n\x1c.\x1dVA\x00")
    assert stream.cuts == 1
    assert inked_rows(stream.paper_image()).any()


def test_an_unknown_command_is_reported_not_guessed():
    _, problems = render_escpos(b"\x1b\xff", PAPERS[80])
    assert problems == ["unknown command 1b ff"]
