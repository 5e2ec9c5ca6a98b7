"""The Qt kiosk: screens for the clerk and the customer, fed by device and bank workers."""
