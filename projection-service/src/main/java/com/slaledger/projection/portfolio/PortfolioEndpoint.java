package com.slaledger.projection.portfolio;

import com.slaledger.api.UtcCalendar;
import com.slaledger.projection.access.PartyScope;
import com.slaledger.projection.web.Pages;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

@RestController
public class PortfolioEndpoint {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final PartyScope scope;

    public PortfolioEndpoint(JdbcClient jdbc, Clock clock, PartyScope scope) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.scope = scope;
    }

    public record OpenClause(
            String contractId,
            String clauseId,
            String heading,
            String intent,
            LocalDate reviewBy,
            boolean reviewDue,
            boolean overdue,
            String clientId,
            String supplierId) {}

    /**
     * Open passages of contracts that still run, soonest review-by date first: a terminated
     * contract's are nobody's work any more. {@code overdue=true} keeps only those whose date has
     * passed (UTC, as ContractView#isOverdue); {@code false} only those still in time. Page {@code
     * page} of {@code size} (100 unless asked, at most 200); when more follow, the {@code Link}
     * header names the next page ({@code rel="next"}), as the history's does. A negative page or a
     * size below 1 is refused as INVALID, as {@code /api/contracts} refuses them: they were read as
     * page 0 and size 1.
     */
    @GetMapping("/api/open-clauses")
    public ResponseEntity<List<OpenClause>> openClauses(
            @RequestParam(required = false) Boolean overdue,
            @RequestParam(required = false) String clientId,
            @RequestParam(required = false) String supplierId,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "100") int size) {
        int limit = Pages.size(page, size);
        LocalDate today = UtcCalendar.day(clock.instant());
        StringBuilder sql = new StringBuilder("SELECT * FROM open_clause WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (Boolean.TRUE.equals(overdue)) {
            sql.append(" AND review_by < ?");
            params.add(today);
        } else if (Boolean.FALSE.equals(overdue)) {
            sql.append(" AND (review_by IS NULL OR review_by >= ?)");
            params.add(today);
        }
        if (clientId != null) {
            sql.append(" AND client_id = ?");
            params.add(clientId);
        }
        if (supplierId != null) {
            sql.append(" AND supplier_id = ?");
            params.add(supplierId);
        }
        scope.restriction().ifPresent(parties -> {
            sql.append(" AND (client_id = ANY (?) OR supplier_id = ANY (?))");
            params.add(parties);
            params.add(parties);
        });
        sql.append(" ORDER BY review_by NULLS LAST, contract_id, clause_id LIMIT ? OFFSET ?");
        params.add(limit + 1); // one more tells whether a next page follows
        params.add((long) page * limit);
        List<OpenClause> found = jdbc.sql(sql.toString())
                .params(params)
                .query((rs, row) -> {
                    LocalDate reviewBy = rs.getObject("review_by", LocalDate.class);
                    return new OpenClause(
                            rs.getString("contract_id"),
                            rs.getString("clause_id"),
                            rs.getString("heading"),
                            rs.getString("intent"),
                            reviewBy,
                            rs.getBoolean("review_due"),
                            reviewBy != null && reviewBy.isBefore(today),
                            rs.getString("client_id"),
                            rs.getString("supplier_id"));
                })
                .list();
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
        if (found.size() > limit) {
            String next = ServletUriComponentsBuilder.fromCurrentRequest()
                    .replaceQueryParam("page", page + 1L)
                    .replaceQueryParam("size", limit)
                    .build()
                    .toUriString();
            answer.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
        }
        return answer.body(found.subList(0, Math.min(limit, found.size())));
    }
}
