// Shared by the tests only: fast-check generators.
import fc from "fast-check";

/** Strings a user might type for a number, well-formed or not, plus arbitrary text. */
export const numberLike: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.integer().map(String),
  fc.double().map(String),
  fc.constantFrom("0x10", "0X1f", "0b11", "0o7", "1e3", "1E3", "1e-3", "Infinity", "-Infinity", "NaN", " 5", "5 ", "\t7", "", "1_000",
    "+3", "-0", ".5", "5.", "-.5", "1.0", "٣", "１", "99999999999999999999", "1e400", "-1e400", "0x0", "--5", "-"),
  fc.tuple(fc.constantFrom("", "+", "-", " ", "0x", "."), fc.nat().map(String), fc.constantFrom("", ".", ".5", "e3", "e-2", "e", "x", " ", "%")).map((p) => p.join("")),
);
