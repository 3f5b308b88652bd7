// Integration tests start real servers and run real workflows: give each test up to two minutes.
jest.setTimeout(120_000);
