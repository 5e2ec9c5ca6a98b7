"""The kiosk application and the `kiosk` command: screens, workers, configuration, wiring."""
