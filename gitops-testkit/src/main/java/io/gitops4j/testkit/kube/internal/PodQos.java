package io.gitops4j.testkit.kube.internal;

import static io.gitops4j.testkit.kube.internal.Defaults.maps;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The quality-of-service class the API server writes into {@code status.qosClass} of a new Pod, from the cpu and
 * memory requests and limits of its init and regular containers (after requests were defaulted from limits):
 * BestEffort when none is set above zero, Guaranteed when every container limits both cpu and memory and the
 * summed requests equal the summed limits for each, Burstable otherwise. Quantities are compared by value
 * ({@code 1} equals {@code 1000m}, {@code 1Gi} equals {@code 1073741824}). Stateless.
 */
final class PodQos {

    private static final List<String> COMPUTE = List.of("cpu", "memory");
    private static final Pattern QUANTITY = Pattern.compile(
            "([+-]?(?:\\d+\\.?\\d*|\\.\\d+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\\d+)?");

    private PodQos() {
    }

    /** The class of a pod with this (defaulted) spec. */
    static String classOf(Map<String, Object> spec) {
        Map<String, BigDecimal> requests = new HashMap<>();
        Map<String, BigDecimal> limits = new HashMap<>();
        boolean guaranteed = true;
        for (String list : List.of("initContainers", "containers")) {
            for (Map<String, Object> c : maps(Trees.list(spec, list))) {
                Map<String, Object> resources = Trees.map(c, "resources");
                add(Trees.map(resources, "requests"), requests);
                int limited = add(Trees.map(resources, "limits"), limits);
                if (limited < COMPUTE.size()) {
                    guaranteed = false;
                }
            }
        }
        if (requests.isEmpty() && limits.isEmpty()) {
            return "BestEffort";
        }
        if (guaranteed) {
            for (Map.Entry<String, BigDecimal> e : requests.entrySet()) {
                BigDecimal limit = limits.get(e.getKey());
                if (limit == null || limit.compareTo(e.getValue()) != 0) {
                    guaranteed = false;
                }
            }
        }
        return guaranteed && requests.size() == limits.size() ? "Guaranteed" : "Burstable";
    }

    /** Adds the positive cpu/memory amounts of {@code list} to {@code sums}; returns how many it found. */
    private static int add(Map<String, Object> list, Map<String, BigDecimal> sums) {
        int found = 0;
        if (list == null) {
            return 0;
        }
        for (String name : COMPUTE) {
            BigDecimal amount = quantity(list.get(name));
            if (amount != null && amount.signum() > 0) {
                sums.merge(name, amount, BigDecimal::add);
                found++;
            }
        }
        return found;
    }

    /** The value of a Kubernetes quantity (a number or a string such as {@code 250m}, {@code 1Gi}); null if bad. */
    static BigDecimal quantity(Object value) {
        if (value instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        if (!(value instanceof String s)) {
            return null;
        }
        Matcher m = QUANTITY.matcher(s.trim());
        if (!m.matches()) {
            return null;
        }
        BigDecimal number = new BigDecimal(m.group(1));
        String suffix = m.group(2) == null ? "" : m.group(2);
        return switch (suffix) {
            case "" -> number;
            case "n" -> number.scaleByPowerOfTen(-9);
            case "u" -> number.scaleByPowerOfTen(-6);
            case "m" -> number.scaleByPowerOfTen(-3);
            case "k" -> number.scaleByPowerOfTen(3);
            case "M" -> number.scaleByPowerOfTen(6);
            case "G" -> number.scaleByPowerOfTen(9);
            case "T" -> number.scaleByPowerOfTen(12);
            case "P" -> number.scaleByPowerOfTen(15);
            case "E" -> number.scaleByPowerOfTen(18);
            case "Ki" -> number.multiply(BigDecimal.valueOf(1L << 10));
            case "Mi" -> number.multiply(BigDecimal.valueOf(1L << 20));
            case "Gi" -> number.multiply(BigDecimal.valueOf(1L << 30));
            case "Ti" -> number.multiply(BigDecimal.valueOf(1L << 40));
            case "Pi" -> number.multiply(BigDecimal.valueOf(1L << 50));
            case "Ei" -> number.multiply(BigDecimal.valueOf(1L << 60));
            default -> number.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
        };
    }
}
