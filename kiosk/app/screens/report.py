"""A day's totals (today's, or an earlier day's), by method, with the net's VAT and an hourly
chart in 만원, printable as the closing (Z) report. Days are Korea's business days."""

from datetime import date, timedelta

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.app.i18n import won
from kiosk.app.widgets import Screen, big_button
from payments.money import manwon

FIRST_HOUR, LAST_HOUR = 6, 23  # the chart's span; sales outside it widen it
FIGURES = ("count", "gross", "refunds", "net", "vat", "declined", "pending")
METHODS = {"qr": "QR", "nfc": "NFC"}


class HourlyChart(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.by_hour: list[dict] = []
        self.setMinimumHeight(160)

    def paintEvent(self, event) -> None:
        hours = [h for h in self.by_hour if h["count"] or h["refunds"]]
        first = min([FIRST_HOUR, *(h["hour"] for h in hours)])
        last = max([LAST_HOUR, *(h["hour"] for h in hours)])
        span = range(first, last + 1)
        busiest = max([1, *(h["net"] for h in self.by_hour)])
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width, height = self.width(), self.height() - 20
        slot = width / len(span)
        top = 24  # room for the busiest hour's amount above its bar
        painter.setPen(QColor("#64748b"))
        painter.drawLine(0, height, width, height)
        for n, hour in enumerate(span):
            net = self.by_hour[hour]["net"] if self.by_hour else 0
            bar = max(0.0, (height - top) * net / busiest)
            painter.fillRect(QRectF(n * slot + 3, height - bar, slot - 6, bar),
                             QColor("#2563eb"))
            if net:
                # The label may be wider than its bar: centred on it, over the neighbours',
                # but inside the chart (the first hour's lost its first digits at the edge).
                label = manwon(net)
                wide = painter.fontMetrics().horizontalAdvance(label) + 4
                left = min(max(0.0, (n + 0.5) * slot - wide / 2), width - wide)
                painter.drawText(QRectF(left, height - bar - 22, wide, 20),
                                 Qt.AlignmentFlag.AlignCenter, label)
            if hour % 3 == 0:
                painter.drawText(QRectF(n * slot - 10, height, slot + 20, 20),
                                 Qt.AlignmentFlag.AlignCenter, f"{hour}")
        painter.end()


class ReportScreen(Screen):
    name = "report"
    print_report = Signal()
    wanted = Signal(str)  # a business date whose report the clerk wants to see

    def __init__(self) -> None:
        super().__init__()
        self.report: dict | None = None
        self.labels: dict[str, tuple[QLabel, QLabel]] = {}
        grid = QGridLayout()
        for row, key in enumerate(FIGURES):
            name, value = QLabel(), QLabel()
            value.setAlignment(Qt.AlignmentFlag.AlignRight)
            value.setObjectName("figure")
            grid.addWidget(name, row, 0)
            grid.addWidget(value, row, 1)
            self.labels[key] = (name, value)
        self.title = QLabel()
        self.title.setObjectName("title")
        self.methods = QLabel()
        self.zone = QLabel()
        self.chart_title = QLabel()
        self.chart = HourlyChart()
        self.earlier_button = big_button("", "quiet")
        self.later_button = big_button("", "quiet")
        self.earlier_button.clicked.connect(lambda: self._step(-1))
        self.later_button.clicked.connect(lambda: self._step(1))
        self.print_button = big_button("", "primary")
        self.print_button.clicked.connect(self.print_report.emit)
        days = QHBoxLayout()
        days.addWidget(self.earlier_button)
        days.addWidget(self.later_button)
        side = QVBoxLayout()
        side.addWidget(self.title)
        side.addLayout(grid)
        side.addWidget(self.methods)
        side.addStretch(1)
        side.addWidget(self.print_button)
        right = QVBoxLayout()
        right.addLayout(days)
        right.addWidget(self.zone)
        right.addWidget(self.chart_title)
        right.addWidget(self.chart, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(side, 2)
        layout.addLayout(right, 3)
        self.retranslate()

    @property
    def chosen_date(self) -> str:
        """The business date on show ("" before any: today's)."""
        return self.report["date"] if self.report else ""

    def show_report(self, report: dict) -> None:
        self.report = report
        self.chart.by_hour = report["by_hour"]
        self.chart.update()
        self.retranslate()

    def _step(self, days: int) -> None:
        if self.report is not None:
            shown = date.fromisoformat(self.report["date"])
            self.wanted.emit((shown + timedelta(days=days)).isoformat())

    def retranslate(self) -> None:
        names = {"count": self.tr("결제 건수"), "gross": self.tr("총 매출"),
                 "refunds": self.tr("환불"), "net": self.tr("순 매출"),
                 "vat": self.tr("부가세 (순 매출 중)"), "declined": self.tr("거절"),
                 "pending": self.tr("확인 중")}
        for key, (name, _) in self.labels.items():
            name.setText(names[key])
        self.print_button.setText(self.tr("마감 보고서 (Z) 출력"))
        self.earlier_button.setText(self.tr("◀ 전날"))
        self.later_button.setText(self.tr("다음 날 ▶"))
        self.zone.setText(self.tr("영업일과 시각은 한국 시간 (UTC+9)"))
        self.chart_title.setText(self.tr("시간대별 순 매출 (만원)"))
        report = self.report
        if report is None:
            self.title.setText(self.tr("오늘의 매출"))
            return
        self.title.setText(self.tr("{date} 매출").format(date=report["date"]))
        values = {"count": self.tr("{n}건").format(n=report["count"]),
                  "gross": won(report["gross"]), "refunds": won(-report["refunds"]),
                  "net": won(report["net"]), "vat": won(report["vat"]),
                  "declined": self.tr("{n}건").format(n=report["declined"]),
                  "pending": self.tr("{n}건").format(n=report["pending"])}
        for key, (_, value) in self.labels.items():
            value.setText(values[key])
        self.methods.setText("\n".join(
            self.tr("{method} {n}건 · 순 매출 {net}").format(
                method=METHODS.get(method, method.upper()), n=bucket["count"],
                net=won(bucket["net"]))
            for method, bucket in report["by_method"].items()
            if bucket["count"] or bucket["refunds"]))
