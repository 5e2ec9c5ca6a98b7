"""A testbed that behaves like KFTC's, for tests, the demo and load tests of many kiosks."""
