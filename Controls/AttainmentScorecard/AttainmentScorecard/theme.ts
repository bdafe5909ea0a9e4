/*
 * Follows the host's Fluent v9 theme where the host provides one (context.fluentDesignLanguage): the scorecard's
 * CSS variables take the theme's tokens, and the stylesheet's defaults apply otherwise.
 */

const tokenToVariable: Record<string, string> = {
    fontFamilyBase: "--cra-font",
    colorNeutralForeground1: "--cra-text",
    colorNeutralForeground3: "--cra-neutral",
    colorNeutralBackground1: "--cra-surface",
    colorNeutralBackground1Hover: "--cra-surface-hover",
    colorNeutralStroke1: "--cra-border",
    colorNeutralBackground4: "--cra-track",
    colorStrokeFocus2: "--cra-focus",
    colorPaletteGreenForeground1: "--cra-good",
    colorPaletteMarigoldForeground2: "--cra-attention",
    colorPaletteRedForeground1: "--cra-behind",
    colorPaletteBerryForeground1: "--cra-celebrate",
};

/** The CSS variables to set for a theme; tokens the theme lacks are left to the stylesheet. */
export function themeVariables(tokenTheme: Record<string, unknown> | undefined): Record<string, string> {
    const variables: Record<string, string> = {};
    if (!tokenTheme) {
        return variables;
    }

    for (const [token, variable] of Object.entries(tokenToVariable)) {
        const value = tokenTheme[token];
        if (typeof value === "string" && value.length > 0) {
            variables[variable] = value;
        }
    }

    return variables;
}

export function applyTheme(element: HTMLElement, tokenTheme: Record<string, unknown> | undefined): void {
    for (const [variable, value] of Object.entries(themeVariables(tokenTheme))) {
        element.style.setProperty(variable, value);
    }
}
