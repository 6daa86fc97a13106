package dev.switchboard.tenancy;

import dev.switchboard.platform.Problems;
import dev.switchboard.platform.StaticFiles;
import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.firewall.HttpStatusRequestRejectedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Two doors. {@code /api/**} takes bearer tokens, keeps no session and answers 401/403 as problem
 * documents. Everything else is the web app: a login form, a session cookie and CSRF protection.
 * After either, the signed-in user's company is bound for the request (see {@link TenantContext}).
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * An address the security firewall refuses before any rule is read ({@code ;}, {@code //}, an encoded {@code .} or
     * {@code /}, {@code ..}): under {@code /api/} a problem document naming the address, as every other refusal of the
     * API is (it was Boot's bare {@code {"timestamp","status","error","path"}}); elsewhere the app's own 400 page, as before.
     */
    @Bean
    RequestRejectedHandler rejectedAddresses() {
        var page = new HttpStatusRequestRejectedHandler();
        return (request, response, rejected) -> {
            if (request.getRequestURI().startsWith("/api/")) {
                Problems.write(response, 400, "Malformed request", request.getRequestURI(), "address", "malformed",
                        "the address holds what no address here may have (a ;, a // or \\, a . or .. segment, or an encoded"
                                + " %, / or .): write it as the API's addresses are written");
            } else {
                page.handle(request, response, rejected);
            }
        };
    }

    /**
     * The files a page loads and the carrier's sounds ({@link StaticFiles}): open to anyone, with no session read or written
     * (no signed-in user is looked for, no CSRF token, no saved request), so four or five requests a page do not each read
     * the session's row in PostgreSQL and write its last access back.
     */
    @Bean
    @Order(0)
    SecurityFilterChain staticFiles(HttpSecurity http) throws Exception {
        http.securityMatcher(StaticFiles.PATTERNS)
                .securityContext(c -> c.securityContextRepository(new org.springframework.security.web.context.NullSecurityContextRepository()))
                // Both would ask for the session's id: session management for its checks, anonymous sign-in for its details.
                .sessionManagement(s -> s.disable())
                .anonymous(a -> a.disable())
                .csrf(c -> c.disable())
                .requestCache(c -> c.disable())
                .formLogin(f -> f.disable())
                .httpBasic(b -> b.disable())
                .authorizeHttpRequests(a -> a.anyRequest().permitAll());
        return http.build();
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, ApiTokens tokens) throws Exception {
        http.securityMatcher("/api/**")
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .formLogin(f -> f.disable())
                .httpBasic(b -> b.disable())
                .addFilterBefore(new BearerTokenFilter(tokens), UsernamePasswordAuthenticationFilter.class)
                .addFilterAfter(new TenantBindingFilter(), AnonymousAuthenticationFilter.class)
                // What a page may load and run (CONTENT_SECURITY_POLICY): not the API docs' Swagger UI, a page of its own.
                .headers(h -> h.addHeaderWriter(new org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter(
                        new org.springframework.security.web.util.matcher.NegatedRequestMatcher(
                                org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher.withDefaults().matcher("/swagger-ui/**")),
                        new org.springframework.security.web.header.writers.StaticHeadersWriter("Content-Security-Policy", CONTENT_SECURITY_POLICY))))
                .authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.POST, "/api/v1/signup", "/api/v1/auth/token").permitAll()
                        .requestMatchers("/api/telnyx/**").permitAll()
                        .anyRequest().authenticated())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> problem(res, 401, "Unauthorized",
                                "a valid bearer token is required (POST /api/v1/auth/token issues one)"))
                        .accessDeniedHandler((req, res, ex) -> problem(res, 403, "Forbidden", "your role does not allow this")));
        return http.build();
    }

    /**
     * The pages' Content-Security-Policy: scripts, styles, fonts, images, audio and requests only from this app (a
     * script slipped into a page, were any escaping ever missed, does not run: no inline script or event handler runs,
     * every page's own behaviour is in {@code /js/app.js}); inline style attributes and htmx's indicator style are
     * allowed, images also as {@code data:} (the stylesheet's icons), audio also from the carrier over https (a message
     * or recording plays from the carrier's address while its copy is being fetched; found by review); forms post only here; no page is framed by
     * another site (clickjacking); no plugins; no {@code <base>} elsewhere.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; media-src 'self' https:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
            + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    @Bean
    @Order(2)
    SecurityFilterChain web(HttpSecurity http, PasswordAuthenticator authenticator) throws Exception {
        http.authenticationManager(new ProviderManager(authenticator))
                // An upload's token is in its address or a header, so the check need not read (and store) the upload.
                .csrf(c -> c.csrfTokenRequestHandler(new UploadCsrfTokens()))
                // The session's user as they are now, first of all: a user disabled (or removed, or given a new password)
                // is signed out before anything reads for them, the upload check, the CSRF check and the sign-in and
                // sign-up forms (which, open to anyone, would otherwise read an upload of theirs).
                .addFilterAfter(new SessionUserFilter(authenticator), SecurityContextHolderFilter.class)
                .addFilterBefore(new SignedInUploadFilter(signIn()), CsrfFilter.class)
                .addFilterAfter(new TenantBindingFilter(), AnonymousAuthenticationFilter.class)
                // What a page may load and run (CONTENT_SECURITY_POLICY): not the API docs' Swagger UI, a page of its own.
                .headers(h -> h.addHeaderWriter(new org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter(
                        new org.springframework.security.web.util.matcher.NegatedRequestMatcher(
                                org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher.withDefaults().matcher("/swagger-ui/**")),
                        new org.springframework.security.web.header.writers.StaticHeadersWriter("Content-Security-Policy", CONTENT_SECURITY_POLICY))))
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/login", "/signup", "/error", "/actuator/health", "/actuator/health/**", "/v3/api-docs/**",
                                "/swagger-ui/**", "/swagger-ui.html", "/media/**").permitAll()
                        // Logins and API tokens: owners and admins only, reading included (who holds the keys, and
                        // the page that hands out tokens, are not a supervisor's to browse).
                        .requestMatchers("/settings/team", "/settings/team/**").hasAnyRole("OWNER", "ADMIN")
                        // Settings: owners and admins change them, supervisors read them, agents get 403.
                        .requestMatchers(HttpMethod.GET, "/settings/**").hasAnyRole("OWNER", "ADMIN", "SUPERVISOR")
                        .requestMatchers("/settings/**", "/setup/**").hasAnyRole("OWNER", "ADMIN")
                        .anyRequest().authenticated())
                .formLogin(f -> f.loginPage("/login").usernameParameter("email").defaultSuccessUrl("/", false)
                        .failureHandler((req, res, ex) -> {
                            req.getSession().setAttribute("LOGIN_ERROR", ex.getMessage());
                            // The page fills in the email again, so only the password is typed twice (in the session, as
                            // the error: an email address in the URL would be kept in the history and the access logs).
                            var email = req.getParameter("email");
                            if (email != null && !email.isBlank() && email.length() <= 320) {
                                req.getSession().setAttribute("LOGIN_EMAIL", email.strip());
                            }
                            res.sendRedirect("/login?error");
                        }).permitAll())
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?logout").permitAll())
                // An htmx request of a session that has ended (signed out, or the user disabled) would follow the
                // redirect and swap the login page into the fragment: it is told to load the login page instead.
                .exceptionHandling(e -> e.authenticationEntryPoint(signIn())
                        // The error page says why: a role's refusal, or a form whose CSRF token is missing or stale.
                        .accessDeniedHandler((req, res, ex) -> {
                            req.setAttribute(org.springframework.security.web.WebAttributes.ACCESS_DENIED_403, ex);
                            res.sendError(403);
                        }));
        return http.build();
    }

    /** The login page for a browser; for an htmx request, 401 and HX-Redirect to it (htmx then loads it whole). */
    private static org.springframework.security.web.AuthenticationEntryPoint signIn() {
        var login = new org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint("/login");
        return (req, res, ex) -> {
            if ("true".equalsIgnoreCase(req.getHeader("HX-Request"))) {
                res.setStatus(401);
                res.setHeader("HX-Redirect", "/login");
            } else {
                login.commence(req, res, ex);
            }
        };
    }

    private static void problem(HttpServletResponse res, int status, String title, String detail) throws IOException {
        res.setStatus(status);
        res.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        res.setCharacterEncoding("UTF-8");
        res.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}");
    }

    /** Reads {@code Authorization: Bearer sbk_...}; a bad token is simply not signed in (then 401). */
    static final class BearerTokenFilter extends OncePerRequestFilter {
        private final ApiTokens tokens;

        BearerTokenFilter(ApiTokens tokens) {
            this.tokens = tokens;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            var header = request.getHeader("Authorization");
            if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                tokens.authenticate(header.substring(7).strip()).ifPresent(user -> {
                    var context = SecurityContextHolder.createEmptyContext();
                    context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, user.authorities()));
                    SecurityContextHolder.setContext(context);
                });
            }
            chain.doFilter(request, response);
        }
    }

    /**
     * A session's user as they are now, read on each request: a user removed, disabled or given a new password
     * since signing in is signed out (the session ends), and a changed role or team member applies at once (the
     * session's copy was taken at sign-in; an admin demoted or disabled kept their rights in the browser).
     */
    static final class SessionUserFilter extends OncePerRequestFilter {
        private final PasswordAuthenticator users;
        private final HttpSessionSecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

        SessionUserFilter(PasswordAuthenticator users) {
            this.users = users;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            var auth = SecurityContextHolder.getContext().getAuthentication();
            if (auth != null && auth.getPrincipal() instanceof AuthenticatedUser user) {
                var now = users.current(CompanyId.of(user.companyId()), UUID.fromString(user.userId()))
                        .filter(u -> Objects.equals(u.credentials(), user.credentials()));
                if (now.isEmpty()) {
                    SecurityContextHolder.clearContext();
                    var session = request.getSession(false);
                    if (session != null) {
                        session.invalidate();
                    }
                } else if (!now.get().equals(user)) {
                    var fresh = SecurityContextHolder.createEmptyContext();
                    fresh.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(now.get(), null, now.get().authorities()));
                    SecurityContextHolder.setContext(fresh);
                    sessions.saveContext(fresh, request, response);
                }
            }
            chain.doFilter(request, response);
        }
    }

    /**
     * An upload (multipart) to a page from someone not signed in is answered as the pages answer them (sign in) before
     * its body is read: nothing after would read it for them but the sign-in and sign-up forms, open to anyone (the
     * sign-in filter reads its fields), and the error page's dispatch. Anyone could otherwise make the server read, and
     * write to disk, up to the multipart limit. A session whose user has since been disabled or removed is already
     * signed out here (SessionUserFilter runs first), so it counts as nobody; the role is checked after, still before
     * the upload is read.
     */
    static final class SignedInUploadFilter extends OncePerRequestFilter {
        private final org.springframework.security.web.AuthenticationEntryPoint signIn;

        SignedInUploadFilter(org.springframework.security.web.AuthenticationEntryPoint signIn) {
            this.signIn = signIn;
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return !UploadCsrfTokens.isMultipart(request);
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            var auth = SecurityContextHolder.getContext().getAuthentication();
            if (auth == null || !(auth.getPrincipal() instanceof AuthenticatedUser)) {
                signIn.commence(request, response, new org.springframework.security.authentication.InsufficientAuthenticationException(
                        "sign in to upload a file"));
                return;
            }
            chain.doFilter(request, response);
        }
    }

    /** Binds the signed-in user's company to the request thread, so every transaction is scoped to it. */
    static final class TenantBindingFilter extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            var auth = SecurityContextHolder.getContext().getAuthentication();
            if (auth != null && auth.getPrincipal() instanceof AuthenticatedUser user) {
                TenantContext.bind(CompanyId.of(user.companyId()));
            }
            try {
                chain.doFilter(request, response);
            } finally {
                TenantContext.clear();
            }
        }
    }
}
