package dev.flotilla.routing;

import dev.flotilla.catalog.Capability;
import dev.flotilla.catalog.Catalog;
import dev.flotilla.catalog.Modality;
import dev.flotilla.catalog.ModelSpec;
import dev.flotilla.catalog.Tier;
import dev.flotilla.catalog.UnknownModelException;
import dev.flotilla.metering.Pricing;
import dev.flotilla.metering.Usage;
import dev.flotilla.routing.internal.PriceKeys;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Chooses the model for each call: among the eligible models (capabilities, input modalities,
 * context window, allowed for the caller, latency budget, price cap) that the policy counts good
 * enough for the task, the lowest expected cost, then the lower expected latency. When none that
 * qualifies is eligible, the cheapest eligible model of a higher tier. With live capacity it also
 * downgrades before the 429 and says when to wait.
 *
 * <p>Everything that depends only on the catalog and the policies is computed once, here; a
 * decision is a single pass over the models. Immutable and thread-safe.
 */
public final class Router {
    private static final byte REJECTED = 0;
    private static final byte QUALIFIED = 1;
    private static final byte STEP_UP = 2;
    private static final byte BELOW = 3;

    private final Catalog catalog;
    private final Policies policies;
    private final ModelSpec[] models;
    private final Map<String, Integer> index = new HashMap<>();
    private final int[] capabilityMask;
    private final int[] modalityMask;
    private final int[] rank;
    private final PriceKeys keys;
    private final Rejection[] notAllowed;
    private final Rejection[] notAutoRouted;
    private final Map<String, Table[]> tables = new HashMap<>();

    /** The precomputed routing table of one policy for one task kind. */
    private static final class Table {
        final Policy policy;
        final TaskKind kind;
        final KindRule rule;
        final boolean[] qualified;
        final boolean[] downgradeTarget;
        final int preferredRank;
        final String ruleText;
        final String selectedReason;
        final Rejection[] notQualified;

        Table(Policy policy, TaskKind kind, ModelSpec[] models) {
            this.policy = policy;
            this.kind = kind;
            this.rule = policy.rule(kind);
            int n = models.length;
            qualified = new boolean[n];
            downgradeTarget = new boolean[n];
            notQualified = new Rejection[n];
            ruleText = rule.qualification().describe(kind);
            Rejection.NotQualified why = new Rejection.NotQualified(policy.name(), kind, ruleText);
            for (int i = 0; i < n; i++) {
                qualified[i] = rule.qualification().qualifies(models[i], kind);
                downgradeTarget[i] = rule.downgradeTo().contains(models[i].tier());
                notQualified[i] = new Rejection(models[i].id(), why);
            }
            preferredRank = rule.qualification().preferredRank(List.of(models), kind);
            selectedReason = "cheapest eligible model that qualifies for " + kind.wireName() + " under policy "
                    + policy.name() + " (" + ruleText + ")";
        }
    }

    /**
     * Precomputes the routing tables of every policy over this catalog.
     *
     * @throws IllegalArgumentException when the catalog has more capabilities or modalities than a
     *     mask holds (a build error)
     */
    public Router(Catalog catalog, Policies policies) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.policies = Objects.requireNonNull(policies, "policies");
        List<ModelSpec> list = catalog.models();
        int n = list.size();
        models = list.toArray(new ModelSpec[0]);
        capabilityMask = new int[n];
        modalityMask = new int[n];
        rank = new int[n];
        notAllowed = new Rejection[n];
        notAutoRouted = new Rejection[n];
        for (int i = 0; i < n; i++) {
            ModelSpec model = models[i];
            index.put(model.id(), i);
            capabilityMask[i] = capabilities(model.capabilities());
            modalityMask[i] = modalities(model.inputModalities());
            rank[i] = model.tier().rank();
            notAllowed[i] = new Rejection(model.id(), new Rejection.NotAllowed());
            notAutoRouted[i] = new Rejection(model.id(), new Rejection.NotAutoRouted());
        }
        keys = new PriceKeys(list);
        for (Policy policy : policies.all()) {
            Table[] byKind = new Table[TaskKind.values().length];
            for (TaskKind kind : TaskKind.values()) {
                byKind[kind.ordinal()] = new Table(policy, kind, models);
            }
            tables.put(policy.name(), byKind);
        }
    }

    /** The catalog this router routes over. */
    public Catalog catalog() {
        return catalog;
    }

    /** The policies this router knows. */
    public Policies policies() {
        return policies;
    }

    /**
     * Chooses a model ignoring live capacity: the decision a planner or {@code flotilla route}
     * shows. Returns {@link RouteDecision.Selected} or {@link RouteDecision.Unroutable}.
     *
     * @throws PolicyException when the request names an unknown policy
     * @throws UnknownModelException when the request names an unknown model
     */
    public RouteDecision route(RouteRequest request) {
        return evaluate(request).decide();
    }

    /**
     * Chooses a model with live capacity: as {@link #route(RouteRequest)}, then, when the chosen
     * model could not start within the call's latency budget (or the policy's {@code maxWait}), the
     * next qualifying model with capacity; failing that, where the policy allows, a downgrade (which
     * is recorded in {@code downgrades} and sticks for the policy's cool-down); failing that,
     * {@link RouteDecision.Wait} until the chosen model has room.
     *
     * @throws PolicyException when the request names an unknown policy
     * @throws UnknownModelException when the request names an unknown model
     */
    public RouteDecision route(RouteRequest request, Capacity capacity, Downgrades downgrades) {
        Evaluation e = evaluate(request);
        RouteDecision decision = e.decide();
        if (!(decision instanceof RouteDecision.Selected selected)) {
            return decision;
        }
        int best = e.chosen;
        long tokens = request.requirements().rateLimitTokens();
        String bestId = models[best].id();
        Optional<Downgrades.Downgrade> sticky = request.model() == null && e.table.rule.allowsDowngrade()
                ? downgrades.active(bestId)
                : Optional.empty();
        Duration bestWait = Duration.ZERO;
        Duration bestAllowed = e.allowedWait(best);
        String cause;
        if (sticky.isEmpty()) {
            bestWait = capacity.waitFor(bestId, tokens);
            if (bestWait.compareTo(bestAllowed) <= 0) {
                return selected;
            }
            cause = bestId + " has no capacity for " + bestWait.toMillis() + " ms (the call may wait "
                    + bestAllowed.toMillis() + " ms)";
        } else {
            cause = sticky.get().cause();
        }
        if (request.model() == null) {
            for (int c : e.alternativesTo(best, true)) {
                if (downgrades.active(models[c].id()).isPresent()) {
                    continue;
                }
                Duration wait = capacity.waitFor(models[c].id(), tokens);
                if (wait.compareTo(e.allowedWait(c)) > 0) {
                    continue;
                }
                Rejection.Why bestWhy = sticky.isPresent()
                        ? new Rejection.Downgraded(
                                sticky.get().until(), sticky.get().cause())
                        : new Rejection.NoCapacity(bestWait, bestAllowed);
                if (e.state[c] == e.state[best]) {
                    return e.selected(
                            c,
                            bestWhy,
                            cause + "; chose the next cheapest model that qualifies, " + models[c].id(),
                            "");
                }
                String reason;
                if (sticky.isPresent()) {
                    reason = "sticky downgrade from " + bestId + " until "
                            + sticky.get().until() + " (" + cause + ")";
                } else {
                    Downgrades.Downgrade d =
                            downgrades.record(bestId, models[c].id(), cause, e.table.policy.coolDown());
                    reason = "downgraded from " + bestId + " to " + models[c].id() + ": " + cause + "; policy "
                            + e.table.policy.name() + " allows " + e.table.kind.wireName() + " to go to "
                            + tierNames(e.table.rule.downgradeTo()) + "; sticky until " + d.until();
                }
                return e.selected(c, bestWhy, reason, bestId);
            }
        }
        if (sticky.isPresent()) {
            // The downgrade targets are out of capacity too: the better model, if it has room now.
            bestWait = capacity.waitFor(bestId, tokens);
            if (bestWait.compareTo(bestAllowed) <= 0) {
                return selected;
            }
        }
        String why = request.model() != null
                ? "the call names " + bestId
                : e.table.rule.allowsDowngrade()
                        ? "no model it may be downgraded to has capacity either"
                        : "policy " + e.table.policy.name() + " does not downgrade " + e.table.kind.wireName();
        return new RouteDecision.Wait(
                models[best],
                downgrades.now().plus(bestWait),
                bestId + " has no capacity for " + bestWait.toMillis() + " ms and " + why);
    }

    /**
     * The models a failed call may fall back to, best first: the failed model's own fallback chain
     * from the catalog (those eligible for this request), then the other models the policy would
     * pick (qualifying ones, then higher tiers) by expected cost. Never contains {@code failedModel}.
     *
     * @throws PolicyException when the request names an unknown policy
     */
    public List<ModelSpec> fallbacks(RouteRequest request, String failedModel) {
        Evaluation e = evaluate(request.withModel(null));
        Set<Integer> ordered = new LinkedHashSet<>();
        Integer failed = index.get(failedModel);
        if (failed != null) {
            Set<String> seen = new LinkedHashSet<>();
            List<String> queue = new ArrayList<>(models[failed].fallbacks());
            while (!queue.isEmpty()) {
                String id = queue.remove(0);
                Integer i = index.get(id);
                if (i == null || !seen.add(id)) {
                    continue;
                }
                if (e.state[i] != REJECTED || (e.eligibleButNotAuto[i])) {
                    ordered.add(i);
                }
                queue.addAll(models[i].fallbacks());
            }
        }
        ordered.addAll(e.alternativesTo(failed == null ? -1 : failed, false));
        ordered.remove(failed);
        return ordered.stream().map(i -> models[i]).toList();
    }

    private Evaluation evaluate(RouteRequest request) {
        String policyName = request.policy() == null ? policies.defaultPolicy().name() : request.policy();
        Table[] byKind = tables.get(policyName);
        if (byKind == null) {
            policies.require(policyName); // throws naming the accepted ones
            throw new IllegalStateException("no routing table for policy " + policyName);
        }
        int named = -1;
        if (request.model() != null) {
            Integer i = index.get(request.model());
            if (i == null) {
                throw new UnknownModelException(request.model(), index.keySet());
            }
            named = i;
        }
        Evaluation e = new Evaluation(byKind[request.kind().ordinal()], request, named);
        e.run();
        return e;
    }

    /** One decision in progress: the state of every model, then the choice. */
    private final class Evaluation {
        final Table table;
        final RouteRequest request;
        final int named;
        final int n = models.length;
        final byte[] state = new byte[n];
        final boolean[] eligibleButNotAuto = new boolean[n];
        final long[] key = new long[n];
        final long[] millis = new long[n];
        final Rejection[] rejections = new Rejection[n];
        final long input;
        final long output;
        int bestQualified = -1;
        int bestStepUp = -1;
        int bestDowngrade = -1;
        int chosen = -1;

        Evaluation(Table table, RouteRequest request, int named) {
            this.table = table;
            this.request = request;
            this.named = named;
            this.input = request.requirements().estimatedInputTokens();
            this.output = request.requirements().maxOutputTokens();
        }

        void run() {
            Requirements req = request.requirements();
            Set<String> allowed = request.allowedModels();
            int needCapabilities = capabilities(req.capabilities());
            int needModalities = modalities(req.inputModalities());
            long needTokens = input + output;
            Duration budget = req.latencyBudget();
            long budgetMillis = budget == null ? Long.MAX_VALUE : budget.toMillis();
            long capKey = req.priceCapUsd() == null || !keys.exact() ? Long.MAX_VALUE : keys.capKey(req.priceCapUsd());
            Tier floor = request.minimumTier();
            int floorRank = floor == null ? 0 : floor.rank();
            Rejection.NotNamed notNamed = named >= 0 ? new Rejection.NotNamed(models[named].id()) : null;
            for (int i = 0; i < n; i++) {
                ModelSpec model = models[i];
                if (notNamed != null && i != named) {
                    rejections[i] = new Rejection(model.id(), notNamed);
                } else if (allowed != null && !allowed.contains(model.id())) {
                    rejections[i] = notAllowed[i];
                } else if ((modalityMask[i] & needModalities) != needModalities) {
                    rejections[i] =
                            new Rejection(model.id(), new Rejection.MissingModalities(missingModalities(req, model)));
                } else if ((capabilityMask[i] & needCapabilities) != needCapabilities) {
                    rejections[i] = new Rejection(
                            model.id(), new Rejection.MissingCapabilities(missingCapabilities(req, model)));
                } else if (model.contextWindow() < needTokens) {
                    rejections[i] =
                            new Rejection(model.id(), new Rejection.WindowTooSmall(model.contextWindow(), needTokens));
                } else if (rank[i] < floorRank) {
                    rejections[i] = new Rejection(model.id(), new Rejection.BelowTier(model.tier(), floor));
                } else if ((millis[i] = model.latency().expectedMillis(output)) > budgetMillis) {
                    rejections[i] = new Rejection(model.id(), new Rejection.TooSlow(millis[i], budget));
                } else if (overCap(i, capKey, req.priceCapUsd())) {
                    rejections[i] = new Rejection(
                            model.id(), new Rejection.OverPriceCap(model, input, output, req.priceCapUsd()));
                } else if (named < 0 && !model.autoRoute()) {
                    rejections[i] = notAutoRouted[i];
                    eligibleButNotAuto[i] = true;
                } else if (named >= 0 || table.qualified[i]) {
                    state[i] = QUALIFIED;
                    if (bestQualified < 0 || better(i, bestQualified)) {
                        bestQualified = i;
                    }
                } else if (rank[i] > table.preferredRank) {
                    state[i] = STEP_UP;
                    if (bestStepUp < 0 || better(i, bestStepUp)) {
                        bestStepUp = i;
                    }
                } else {
                    state[i] = BELOW;
                    if (table.downgradeTarget[i] && (bestDowngrade < 0 || better(i, bestDowngrade))) {
                        bestDowngrade = i;
                    }
                }
            }
        }

        private boolean overCap(int i, long capKey, BigDecimal capUsd) {
            if (keys.exact()) {
                key[i] = keys.key(i, input, output);
                return key[i] > capKey;
            }
            return capUsd != null
                    && Pricing.cost(models[i], Usage.of(input, output)).usd().compareTo(capUsd) > 0;
        }

        /** Whether model {@code i} ranks before {@code j}: cheaper, then faster, then first in the catalog. */
        boolean better(int i, int j) {
            int byCost = keys.exact()
                    ? Long.compare(key[i], key[j])
                    : Pricing.cost(models[i], Usage.of(input, output))
                            .compareTo(Pricing.cost(models[j], Usage.of(input, output)));
            if (byCost != 0) {
                return byCost < 0;
            }
            if (millis[i] != millis[j]) {
                return millis[i] < millis[j];
            }
            return i < j;
        }

        RouteDecision decide() {
            if (bestQualified >= 0) {
                chosen = bestQualified;
                String reason = named >= 0 ? "named by the call" : table.selectedReason;
                return selected(chosen, null, reason, "");
            }
            if (bestStepUp >= 0) {
                chosen = bestStepUp;
                return selected(chosen, null, stepUpReason(), "");
            }
            if (bestDowngrade >= 0) {
                chosen = bestDowngrade;
                return selected(
                        chosen,
                        null,
                        blockedReason() + "; policy " + table.policy.name() + " lets " + table.kind.wireName()
                                + " go down to " + tierNames(table.rule.downgradeTo())
                                + ": chose the cheapest such model",
                        "");
            }
            for (int i = 0; i < n; i++) {
                if (rejections[i] == null) {
                    rejections[i] = table.notQualified[i];
                }
            }
            List<Rejection> all = List.of(rejections);
            String reason = named >= 0
                    ? "the named model " + models[named].id() + " cannot take this call: " + rejections[named].reason()
                    : "no eligible model for " + table.kind.wireName() + " under policy " + table.policy.name() + ": "
                            + all.stream()
                                    .map(r -> r.model() + " (" + r.reason() + ")")
                                    .collect(Collectors.joining("; "));
            return new RouteDecision.Unroutable(reason, all);
        }

        private String stepUpReason() {
            return blockedReason() + "; chose the cheapest eligible model of a higher tier";
        }

        private String blockedReason() {
            String blocked = java.util.stream.IntStream.range(0, n)
                    .filter(i -> table.qualified[i] && rejections[i] != null)
                    .mapToObj(i -> models[i].id() + ": " + rejections[i].reason())
                    .collect(Collectors.joining("; "));
            return "no model that qualifies for " + table.kind.wireName() + " under policy " + table.policy.name()
                    + " (" + table.ruleText + ") can take this call" + (blocked.isEmpty() ? "" : " (" + blocked + ")");
        }

        /**
         * A selection of model {@code c}, every other model rejected with its reason; {@code displaced}
         * (when not null) is the reason for the model that was first chosen.
         */
        RouteDecision.Selected selected(int c, Rejection.Why displaced, String reason, String downgradedFrom) {
            List<Rejection> rejected = new ArrayList<>(n - 1);
            for (int i = 0; i < n; i++) {
                if (i == c) {
                    continue;
                }
                if (displaced != null && i == chosen) {
                    rejected.add(new Rejection(models[i].id(), displaced));
                } else if (rejections[i] != null) {
                    rejected.add(rejections[i]);
                } else if (state[i] == state[c] && (state[c] != BELOW || table.downgradeTarget[i])) {
                    rejected.add(new Rejection(models[i].id(), rankedBelow(i, c)));
                } else {
                    rejected.add(table.notQualified[i]);
                }
            }
            return new RouteDecision.Selected(models[c], reason, rejected, input, output, downgradedFrom);
        }

        private Rejection.Why rankedBelow(int i, int c) {
            boolean sameCost = keys.exact()
                    ? key[i] == key[c]
                    : Pricing.cost(models[i], Usage.of(input, output))
                                    .compareTo(Pricing.cost(models[c], Usage.of(input, output)))
                            == 0;
            if (!sameCost) {
                return new Rejection.Dearer(models[i], models[c], input, output);
            }
            if (millis[i] != millis[c]) {
                return new Rejection.Slower(millis[i], models[c].id(), millis[c]);
            }
            return new Rejection.Tied(models[c].id());
        }

        /** How long model {@code i} may wait for capacity: what the latency budget leaves, or maxWait. */
        Duration allowedWait(int i) {
            Duration budget = request.requirements().latencyBudget();
            if (budget == null) {
                return table.policy.maxWait();
            }
            long left = budget.toMillis() - millis[i];
            return Duration.ofMillis(Math.max(0, left));
        }

        /**
         * The other eligible models in the order to try them: those in the same class as {@code best}
         * (qualifying or step-up) by rank, then, when {@code withDowngrades}, those the policy lets the
         * call be downgraded to, by rank. Without {@code withDowngrades} every eligible model follows.
         */
        List<Integer> alternativesTo(int best, boolean withDowngrades) {
            List<Integer> same = new ArrayList<>();
            List<Integer> others = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (i == best || state[i] == REJECTED) {
                    continue;
                }
                boolean sameClass = best >= 0 && state[i] == state[best];
                if (sameClass) {
                    same.add(i);
                } else if (withDowngrades ? state[i] == BELOW && table.downgradeTarget[i] : state[i] != BELOW) {
                    others.add(i);
                }
            }
            same.sort((a, b) -> better(a, b) ? -1 : better(b, a) ? 1 : 0);
            others.sort((a, b) -> better(a, b) ? -1 : better(b, a) ? 1 : 0);
            same.addAll(others);
            return same;
        }
    }

    private static int capabilities(Set<Capability> set) {
        int mask = 0;
        for (Capability c : set) {
            mask |= 1 << c.ordinal();
        }
        return mask;
    }

    private static int modalities(Set<Modality> set) {
        int mask = 0;
        for (Modality m : set) {
            mask |= 1 << m.ordinal();
        }
        return mask;
    }

    private static Set<Modality> missingModalities(Requirements req, ModelSpec model) {
        Set<Modality> missing = EnumSet.noneOf(Modality.class);
        missing.addAll(req.inputModalities());
        missing.removeAll(model.inputModalities());
        return missing;
    }

    private static Set<Capability> missingCapabilities(Requirements req, ModelSpec model) {
        Set<Capability> missing = EnumSet.noneOf(Capability.class);
        missing.addAll(req.capabilities());
        missing.removeAll(model.capabilities());
        return missing;
    }

    private static String tierNames(Set<Tier> tiers) {
        return tiers.stream().map(Tier::wireName).collect(Collectors.joining(" or "));
    }
}
