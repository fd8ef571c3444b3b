package io.floorwatch.event;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/** Exact money: amounts travel as long cents; these helpers convert at the edges. */
public final class Money {
    private Money() {}

    /** Cents as a plain decimal string in dollars, e.g. 1250050 -> "12500.50" (for JSON and ClickHouse). */
    public static String toDecimalString(long cents) {
        return BigDecimal.valueOf(cents, 2).toPlainString();
    }

    public static BigDecimal toDollars(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }

    /** Cents for people, e.g. 1250000 -> "$12,500.00". */
    public static String format(long cents) {
        DecimalFormat f = new DecimalFormat("$#,##0.00", DecimalFormatSymbols.getInstance(Locale.US));
        return f.format(BigDecimal.valueOf(cents, 2));
    }
}
