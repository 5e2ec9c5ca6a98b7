"""Receipt printers: ESC/POS over USB, network, serial or a file, and simulated printers."""

from hardware.printer.escpos_capabilities import use_cached_capabilities

use_cached_capabilities()  # before any module here imports escpos
