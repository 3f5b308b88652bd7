import { formatNumber, formatPercent, formatRatio, renderTable } from '../../../bench/lib/table';

describe('renderTable', () => {
  it('renders a Markdown pipe table, first column left-aligned, numbers right-aligned', () => {
    const text = renderTable(['policy', 'calls'], [['fixed 10 s', 329], ['product', 58.04]]);
    expect(text.split('\n')).toEqual([
      '| policy     | calls |',
      '|:-----------|------:|',
      '| fixed 10 s |   329 |',
      '| product    |  58.0 |',
    ]);
  });

  it('shows a missing value as a dash', () => {
    expect(renderTable(['a', 'b'], [['x', undefined]])).toContain('| x   |   – |');
  });

  it('refuses a row with the wrong number of cells, naming the row', () => {
    expect(() => renderTable(['a', 'b'], [['x', 1], ['y']])).toThrow(/row 1 has 1 cells, expected 2/);
  });
});

describe('number formats', () => {
  it('keeps integers and gives three significant digits otherwise', () => {
    expect(formatNumber(1234)).toBe('1234');
    expect(formatNumber(123.456)).toBe('123');
    expect(formatNumber(12.345)).toBe('12.3');
    expect(formatNumber(1.2345)).toBe('1.23');
    expect(formatNumber(0.012345)).toBe('0.0123');
  });

  it('formats shares and ratios', () => {
    expect(formatPercent(0.125)).toBe('12.5 %');
    expect(formatPercent(undefined)).toBe('–');
    expect(formatRatio(5.666)).toBe('5.67×');
  });
});
