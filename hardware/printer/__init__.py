"""Receipt printers: ESC/POS over USB, network, serial or a file, and simulated printers."""
