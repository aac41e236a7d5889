import { csvLine, csvTable } from "../../../sim/io/csv";

describe("csv (RFC 4180)", () => {
  it("quotes a field holding a comma, a quote or a line break, doubling inner quotes", () => {
    expect(csvLine(["a", "b,c", 'say "hi"', "two\nlines", 1.5, null, undefined, true])).toBe(
      'a,"b,c","say ""hi""","two\nlines",1.5,,,true',
    );
  });

  it("writes a header and one line per row, ending with a newline", () => {
    expect(
      csvTable(
        ["x", "y"],
        [
          [1, 2],
          [3, null],
        ],
      ),
    ).toBe("x,y\n1,2\n3,\n");
  });
});
