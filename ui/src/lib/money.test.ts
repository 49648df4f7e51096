import { describe, expect, it } from "vitest";
import { amountText, formatMoney, minorDigits, parseAmountLenient, parseQuantityLenient } from "./money";

// Intl separates amount and symbol with a no-break space; compare with plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("formatMoney", () => {
  it("shows euro cents as decimals in Spanish", () => {
    expect(plain(formatMoney(1250, "EUR", "es-ES")), "1250 minor units of EUR are 12,50 €").toBe("12,50 €");
    expect(plain(formatMoney(123456, "EUR", "es-ES"))).toBe("1234,56 €");
    expect(formatMoney(1250, "EUR", "en-US")).toBe("€12.50");
  });

  it("shows Chilean pesos as whole units (CLP has no minor digits)", () => {
    expect(minorDigits("CLP"), "ISO 4217: CLP has 0 decimals").toBe(0);
    expect(formatMoney(1250, "CLP", "es-CL"), "1250 CLP is 1.250 pesos, not 12,50").toBe("$1.250");
  });

  it("uses two digits for currencies that have cents", () => {
    expect(minorDigits("EUR")).toBe(2);
    expect(formatMoney(5, "USD", "en-US")).toBe("$0.05");
  });
});

describe("parseAmountLenient (preview only)", () => {
  it("reads the ways shop owners type amounts", () => {
    expect(parseAmountLenient("12,50", 2), "Spanish decimal comma").toBe(1250);
    expect(parseAmountLenient("12.5", 2)).toBe(1250);
    expect(parseAmountLenient("1.234,56", 2)).toBe(123456);
    expect(parseAmountLenient("1,234.56", 2)).toBe(123456);
    expect(parseAmountLenient("1.234", 2), "a lone dot before three digits groups thousands").toBe(123400);
    expect(parseAmountLenient("7", 2)).toBe(700);
    expect(parseAmountLenient("12,505", 2), "one comma before three digits groups thousands").toBe(1250500);
    expect(parseAmountLenient("1.250", 0), "CLP thousands").toBe(1250);
  });

  it("gives up on what the core would refuse", () => {
    expect(parseAmountLenient("", 2)).toBeNull();
    expect(parseAmountLenient("-3", 2)).toBeNull();
    expect(parseAmountLenient("1,5", 0), "CLP takes no decimals").toBeNull();
    expect(parseAmountLenient("abc", 2)).toBeNull();
  });

  it("reads quantities as positive whole numbers", () => {
    expect(parseQuantityLenient(" 3 ")).toBe(3);
    expect(parseQuantityLenient("0")).toBeNull();
    expect(parseQuantityLenient("1,5")).toBeNull();
  });
});

describe("amountText (amounts to edit)", () => {
  it("writes minor units the way the locale types them, without grouping", () => {
    expect(amountText(250, "EUR", "es-ES"), "2,50 € to edit in Spanish").toBe("2,50");
    expect(amountText(123456, "EUR", "es-ES"), "no thousands separator to trip the parser").toBe("1234,56");
    expect(amountText(250, "USD", "en-US")).toBe("2.50");
    expect(amountText(1250, "CLP", "es-CL"), "CLP has no minor digits").toBe("1250");
  });
});
