package io.gitops4j.testkit.server.printers;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The printer of RoleBinding and ClusterRoleBinding: {@code NAME ROLE AGE}, wide {@code USERS GROUPS
 * SERVICEACCOUNTS}. (Role and ClusterRole have no printer of their own: they show {@link DefaultPrinter}'s
 * {@code NAME CREATED AT}.) Stateless and thread-safe.
 */
final class RbacPrinters {
    private RbacPrinters() {
    }

    static KindPrinter binding() {
        return new KindPrinter(List.of(Column.objectName(),
                Column.text("Role", "The role the binding grants, as Kind/name."),
                Column.age(),
                Column.wide("Users", "Users in the binding"),
                Column.wide("Groups", "Groups in the binding"),
                Column.wide("ServiceAccounts", "ServiceAccounts in the binding")), (b, now) -> {
            List<String> users = new ArrayList<>();
            List<String> groups = new ArrayList<>();
            List<String> serviceAccounts = new ArrayList<>();
            for (JsonNode s : b.path("subjects")) {
                String name = Fields.text(s.path("name"));
                switch (Fields.text(s.path("kind"))) {
                    case "User" -> users.add(name);
                    case "Group" -> groups.add(name);
                    case "ServiceAccount" -> {
                        String ns = Fields.text(s.path("namespace"));
                        serviceAccounts.add(ns.isEmpty() ? name : ns + "/" + name);
                    }
                    default -> {
                    }
                }
            }
            JsonNode ref = b.path("roleRef");
            return Arrays.asList(Fields.name(b), Fields.text(ref.path("kind")) + "/" + Fields.text(ref.path("name")),
                    Ages.age(b, now), String.join(", ", users), String.join(", ", groups),
                    String.join(", ", serviceAccounts));
        });
    }
}
